// What the lab builds: every component Edgeplane ships (components/build) plus
// KWOK, which only the lab's simulated nodes use (its module is lab/build/kwok).
import { join } from 'node:path';
import { ensureComponentBinaries } from '../../components/build/binaries';
import { ensureGoBuilds, type GoBuild } from '../../components/build/goBuild';
import { cacheDir, kwokVersion } from '../config';

const kwokDir = join(cacheDir, 'bin', `kwok-${kwokVersion}`);
export const kwokBin = (): string => join(kwokDir, 'kwok');

const kwokBuild: GoBuild = {
  name: `KWOK ${kwokVersion}`,
  moduleDir: new URL('./kwok', import.meta.url).pathname,
  outDir: kwokDir,
  packages: ['sigs.k8s.io/kwok/cmd/kwok'],
  ldflags: `-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${kwokVersion}`,
  outputs: ['kwok'],
};

/** Builds whatever is missing or stale; returns the names it built. */
export function ensureBinaries(log: (m: string) => void): string[] {
  return [...ensureComponentBinaries(log), ...ensureGoBuilds([kwokBuild], log)];
}
