// Which node bundle a device runs: its `uname -m` decides (aarch64 and arm64 take the
// linux-arm64 bundle, x86_64 the linux-amd64 one); 32-bit ARM has no bundle.
import { UserFacingError } from '../errors';
import type { ArtifactSource, NodeArch } from './types';

export const nodeArchs: readonly NodeArch[] = ['amd64', 'arm64'];

/** The bundle architecture for a `uname -m`, or undefined when Edgeplane has none. */
export function deviceArch(unameM: string): NodeArch | undefined {
  const m = unameM.trim().toLowerCase();
  if (m === 'x86_64' || m === 'amd64') return 'amd64';
  if (m === 'aarch64' || m === 'arm64') return 'arm64';
  return undefined;
}

/** Why a `uname -m` has no bundle, and what to do about it (for preflight's refusal). */
export function unsupportedArch(unameM: string): { msg: string; hint: string } {
  if (/^(armv[5-8]l?|armhf|armel|arm)$/i.test(unameM.trim())) {
    return {
      msg: `architecture ${unameM} is 32-bit ARM, for which Edgeplane has no node bundle (there are linux-amd64 and linux-arm64 ones).`,
      hint: 'Install a 64-bit OS on the device (e.g. Raspberry Pi OS 64-bit on a Pi 3, 4 or 5, where `uname -m` says aarch64), then bootstrap it again.',
    };
  }
  return { msg: `architecture ${unameM} is not supported (Edgeplane has linux-amd64 and linux-arm64 node bundles).`, hint: 'Use an x86_64 or a 64-bit ARM (aarch64) device.' };
}

/** The configured sources as a list; a source without an arch is the linux-amd64 bundle. */
export function artifactList(a: ArtifactSource | ArtifactSource[]): ArtifactSource[] {
  return Array.isArray(a) ? a : [a];
}

export const archOf = (s: ArtifactSource): NodeArch => s.arch ?? 'amd64';

/** The source for a device of this arch; throws with what to do when none is configured. */
export function pickArtifacts(a: ArtifactSource | ArtifactSource[], arch: NodeArch, device: string): ArtifactSource {
  const list = artifactList(a);
  const found = list.find((s) => archOf(s) === arch);
  if (found) return found;
  throw new UserFacingError(
    'bundle-arch',
    `${device}: the device is linux-${arch} and no linux-${arch} node bundle is configured (have: ${list.map((s) => `linux-${archOf(s)}`).join(', ') || 'none'}).`,
    `Build one with \`npm run bundle -- --arch ${arch}\` (it is put beside the others, where Edgeplane finds it), or set edgeplane.bootstrap.bundlePath to a linux-${arch} bundle.`,
  );
}
