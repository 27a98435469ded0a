// Settings that decide what Edgeplane trusts, runs or installs: which clusters
// (seeds and their kubeconfigs), which SSH config and known_hosts, which bundle
// and mirror, which image registry (it receives pulls of the control plane's
// images). A cloned repository's .vscode/settings.json must not choose them, so
// package.json gives them "application" scope and these readers take only the
// user's own value (or the default), ignoring workspace and folder values even
// where an older VS Code would still report them.
import type { L10n } from '../tree/l10nTypes';

/** Keys (under "edgeplane.") read only from user settings. */
export const trustedSettingKeys = [
  'seeds',
  'kubernetesVersion',
  'controlPlaneLayout',
  'imageRegistry',
  'ssh.defaultUser',
  'ssh.configFile',
  'ssh.knownHostsFile',
  'bootstrap.bundlePath',
  'bootstrap.artifactSha256',
  'bootstrap.artifactMirror',
] as const;

export type TrustedSettingKey = (typeof trustedSettingKeys)[number];

/** The part of vscode.WorkspaceConfiguration these readers use (a type, so this file runs in plain Node). */
export interface Inspectable {
  inspect<T>(key: string): { defaultValue?: T; globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T } | undefined;
}

/** The user's value of a trusted setting, else its default; a workspace's value never counts. */
export function trustedSetting<T>(cfg: Inspectable, key: TrustedSettingKey): T | undefined {
  const i = cfg.inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue;
}

/** A note for the log when a workspace tried to set a trusted setting (its value is not shown). */
export function ignoredWorkspaceKeys(cfg: Inspectable): TrustedSettingKey[] {
  return trustedSettingKeys.filter((k) => {
    const i = cfg.inspect<unknown>(k);
    return i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined;
  });
}

/** The message logged (once) when a workspace set any of them. */
export function ignoredWorkspaceMessage(keys: readonly string[], l10n: L10n): string | undefined {
  if (keys.length === 0) return undefined;
  return l10n.t('This workspace sets {0} in its settings; Edgeplane ignores them and uses your user settings, since they decide which clusters, hosts and software it trusts.', keys.map((k) => `edgeplane.${k}`).join(', '));
}
