// Kubernetes versions from the setting or typed in the wizard: "1.35.4" means "v1.35.4";
// anything Edgeplane cannot create is named with what it can. Pure, unit-tested.
import type { L10n } from '../tree/l10nTypes';

export function normalizeVersion(v: string): string {
  const t = v.trim();
  return /^\d/.test(t) ? `v${t}` : t;
}

/** Undefined when `version` (normalized) is supported; else what is wrong and what is allowed. */
export function versionProblem(version: string, supported: readonly string[], l10n: L10n): string | undefined {
  if (supported.includes(normalizeVersion(version))) return undefined;
  return l10n.t('Kubernetes {0} is not one Edgeplane can create. Choose one of: {1}.', version.trim(), supported.join(', '));
}

/** The version the wizard starts on, and a warning when the setting names one it cannot use. */
export function versionFromSetting(setting: string | undefined, supported: readonly string[], l10n: L10n): { version: string; warning?: string } {
  const fallback = supported[0] ?? '';
  if (!setting?.trim()) return { version: fallback };
  const v = normalizeVersion(setting);
  if (supported.includes(v)) return { version: v };
  return {
    version: fallback,
    warning: l10n.t(
      'The setting edgeplane.kubernetesVersion is "{0}", which Edgeplane cannot create; it supports {1}. The wizard proposes {2}; fix the setting to stop this message.',
      setting,
      supported.join(', '),
      fallback,
    ),
  };
}
