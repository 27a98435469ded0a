// Where a device gets containerd and kubelet from, by the settings: a local bundle
// (its SHA-256 from the .sha256 file beside it) or a mirror URL with a configured SHA-256.
import type { ArtifactSource } from '../../core/bootstrap/types';
import type { L10n } from '../tree/l10nTypes';

export interface ArtifactSettings {
  bundlePath: string;
  mirrorUrl: string;
  mirrorSha256: string;
}

export type ArtifactChoice = { ok: true; source: ArtifactSource } | { ok: false; problem: string; missingBundle: boolean };

const hex64 = /^[0-9a-f]{64}$/i;

export function artifactsFrom(s: ArtifactSettings, readText: (file: string) => string | undefined, l10n: L10n): ArtifactChoice {
  if (s.bundlePath.trim()) {
    const path = s.bundlePath.trim();
    const sumText = readText(`${path}.sha256`);
    if (sumText === undefined) {
      return { ok: false, missingBundle: false, problem: l10n.t('{0}.sha256 is missing: put the bundle\'s SHA-256 beside it (sha256sum {0} > {0}.sha256).', path) };
    }
    const sha256 = sumText.trim().split(/\s+/)[0] ?? '';
    if (!hex64.test(sha256)) return { ok: false, missingBundle: false, problem: l10n.t('{0}.sha256 does not start with a SHA-256.', path) };
    return { ok: true, source: { kind: 'bundle', path, sha256: sha256.toLowerCase() } };
  }
  if (s.mirrorUrl.trim()) {
    // Blanks or control characters inside the URL would reach curl on the device; core refuses them too.
    if (!/^https?:\/\/[^\s\p{Cc}]+$/u.test(s.mirrorUrl.trim())) return { ok: false, missingBundle: false, problem: l10n.t('The artefact mirror must be an http(s) URL.') };
    if (!hex64.test(s.mirrorSha256.trim())) {
      return { ok: false, missingBundle: false, problem: l10n.t('Set edgeplane.bootstrap.artifactSha256 to the SHA-256 of the bundle at the mirror.') };
    }
    return { ok: true, source: { kind: 'mirror', url: s.mirrorUrl.trim(), sha256: s.mirrorSha256.trim().toLowerCase() } };
  }
  return { ok: false, missingBundle: true, problem: l10n.t('No node bundle is configured.') };
}
