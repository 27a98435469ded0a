// netdelay (lab/build/netdelay/netdelay.c), built with cc on first use into the lab cache.
import { join } from 'node:path';
import { ensureCBuild } from '../../components/build/goBuild';
import { cacheDir } from '../config';

const source = new URL('../build/netdelay/netdelay.c', import.meta.url).pathname;
const flags = ['-static', '-O2', '-s', '-Wall', '-Wextra', '-Werror'];
const outDir = join(cacheDir, 'bin', 'netdelay');

export const netdelayBin = (): string => join(outDir, 'netdelay');

export function ensureNetdelay(): void {
  ensureCBuild({ name: 'netdelay', source, outDir, output: 'netdelay', compiler: 'cc', flags }, (m) => console.log(`lab: ${m}`));
}
