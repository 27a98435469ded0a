// netdelay (lab/build/netdelay/netdelay.c), built with cc on first use into the lab cache.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildStamped } from '../build/binaries';
import { cacheDir } from '../config';
import { runVisible } from '../util/run';

const source = new URL('../build/netdelay/netdelay.c', import.meta.url).pathname;
const flags = ['-static', '-O2', '-s', '-Wall', '-Wextra', '-Werror'];
const outDir = join(cacheDir, 'bin', 'netdelay');

export const netdelayBin = (): string => join(outDir, 'netdelay');

export function ensureNetdelay(): void {
  const stamp = createHash('sha256').update(`${flags.join(' ')}\n`).update(readFileSync(source)).digest('hex');
  buildStamped('netdelay', outDir, stamp, ['netdelay'], (tmp) => runVisible('cc', [...flags, '-o', join(tmp, 'netdelay'), source]));
}
