// Where devices get containerd and kubelet from, by the settings: a local bundle
// (its SHA-256 from the .sha256 file beside it, and the other architectures' bundles
// beside it by name), a mirror URL with a configured SHA-256, or, with neither set,
// the bundles `npm run bundle` and the lab put in their folders. One source per
// architecture; the device's `uname -m` picks among them during bootstrap.
import { join } from 'node:path';
import type { ArtifactSource, NodeArch } from '../../core/bootstrap/types';
import type { L10n } from '../tree/l10nTypes';

export interface ArtifactSettings {
  bundlePath: string;
  mirrorUrl: string;
  mirrorSha256: string;
}

/** Where to look for bundles when no setting names one, and for which Kubernetes version. */
export interface BundleSearch {
  version: string;
  dirs: string[];
}

export interface ArtifactFiles {
  readText(file: string): string | undefined;
  exists(file: string): boolean;
}

export type ArtifactChoice = { ok: true; sources: ArtifactSource[] } | { ok: false; problem: string; missingBundle: boolean };

const hex64 = /^[0-9a-f]{64}$/i;
const archs: NodeArch[] = ['amd64', 'arm64'];

export const bundleFileName = (version: string, arch: NodeArch): string => `edgeplane-node-${version}-linux-${arch}.tar.gz`;

/** The arch a bundle or mirror URL names (…-linux-arm64.tar.gz); amd64 when it names none. */
export function archOfName(name: string): NodeArch {
  return /linux-arm64|[-_.]arm64[-_.]|aarch64/.test(name.slice(name.lastIndexOf('/') + 1)) ? 'arm64' : 'amd64';
}

function bundleAt(path: string, files: ArtifactFiles, l10n: L10n): { ok: true; source: ArtifactSource } | { ok: false; problem: string } {
  const sumText = files.readText(`${path}.sha256`);
  if (sumText === undefined) {
    return { ok: false, problem: l10n.t('{0}.sha256 is missing: put the bundle\'s SHA-256 beside it (sha256sum {0} > {0}.sha256).', path) };
  }
  const sha256 = sumText.trim().split(/\s+/)[0] ?? '';
  if (!hex64.test(sha256)) return { ok: false, problem: l10n.t('{0}.sha256 does not start with a SHA-256.', path) };
  return { ok: true, source: { kind: 'bundle', path, sha256: sha256.toLowerCase(), arch: archOfName(path) } };
}

/** `HEX` for the URL's one arch, or `amd64=HEX arm64=HEX` for a URL with {arch} in it. */
function mirrorSources(url: string, shaSetting: string, l10n: L10n): ArtifactChoice {
  const pairs = [...shaSetting.matchAll(/(amd64|arm64)\s*[=:]\s*([0-9a-f]{64})/gi)].map((m) => [(m[1] as string).toLowerCase() as NodeArch, (m[2] as string).toLowerCase()] as const);
  if (url.includes('{arch}')) {
    if (pairs.length === 0) return { ok: false, missingBundle: false, problem: l10n.t('The artefact mirror URL has {arch} in it: set edgeplane.bootstrap.artifactSha256 to "amd64=<sha256> arm64=<sha256>".') };
    return { ok: true, sources: pairs.map(([arch, sha256]) => ({ kind: 'mirror', url: url.replaceAll('{arch}', arch), sha256, arch })) };
  }
  const sha = shaSetting.trim();
  if (!hex64.test(sha)) return { ok: false, missingBundle: false, problem: l10n.t('Set edgeplane.bootstrap.artifactSha256 to the SHA-256 of the bundle at the mirror.') };
  return { ok: true, sources: [{ kind: 'mirror', url, sha256: sha.toLowerCase(), arch: archOfName(url) }] };
}

/** Where `npm run bundle` (scripts/bundle.mjs) and the lab (components/bundle.ts) put bundles. */
export function bundleSearchDirs(env: NodeJS.ProcessEnv, home: string): string[] {
  const cache = env.XDG_CACHE_HOME ?? join(home, '.cache');
  return [...new Set([env.EDGEPLANE_BUNDLES_DIR, join(cache, 'edgeplane', 'bundles'), join(env.EDGEPLANE_LAB_CACHE ?? join(home, '.cache', 'edgeplane-lab'), 'bundles')].filter((d): d is string => !!d))];
}

export function artifactsFrom(s: ArtifactSettings, files: ArtifactFiles, l10n: L10n, search?: BundleSearch): ArtifactChoice {
  const path = s.bundlePath.trim();
  if (path) {
    const main = bundleAt(path, files, l10n);
    if (!main.ok) return { ok: false, missingBundle: false, problem: main.problem };
    const sources = [main.source];
    // The other architectures' bundles, beside it under the same name pattern.
    for (const arch of archs.filter((a) => a !== main.source.arch)) {
      const other = path.replace(/linux-(amd64|arm64)(?=[^/]*$)/, `linux-${arch}`);
      if (other === path || !files.exists(other)) continue;
      const b = bundleAt(other, files, l10n);
      if (b.ok) sources.push(b.source);
    }
    return { ok: true, sources };
  }
  const url = s.mirrorUrl.trim();
  if (url) {
    // Blanks or control characters inside the URL would reach curl on the device; core refuses them too.
    if (!/^https?:\/\/[^\s\p{Cc}]+$/u.test(url)) return { ok: false, missingBundle: false, problem: l10n.t('The artefact mirror must be an http(s) URL.') };
    return mirrorSources(url, s.mirrorSha256, l10n);
  }
  const found: ArtifactSource[] = [];
  for (const arch of archs) {
    for (const dir of search?.dirs ?? []) {
      const file = `${dir.replace(/\/+$/, '')}/${bundleFileName(search?.version ?? '', arch)}`;
      if (!files.exists(file)) continue;
      const b = bundleAt(file, files, l10n);
      if (b.ok) {
        found.push(b.source);
        break;
      }
    }
  }
  if (found.length > 0) return { ok: true, sources: found };
  return {
    ok: false,
    missingBundle: true,
    problem: search
      ? l10n.t('No node bundle for Kubernetes {0} was found in {1}. Build one with `npm run bundle -- --arch amd64` (or arm64) in the Edgeplane repository, or set edgeplane.bootstrap.bundlePath or edgeplane.bootstrap.artifactMirror.', search.version, search.dirs.join(', '))
      : l10n.t('No node bundle is configured.'),
  };
}
