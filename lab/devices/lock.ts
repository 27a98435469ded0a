// One device operation at a time (address allocation, bastion networks): a
// lock folder holding the owner's pid, broken when that process is gone.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlive } from './boot';
import { sleep } from './exec';
import { devicesStateDir } from './paths';

const lockDir = join(devicesStateDir, '.lock');

export async function withDeviceLock<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir(devicesStateDir, { recursive: true, mode: 0o700 });
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), `${process.pid}\n`);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number((await readFile(join(lockDir, 'pid'), 'utf8').catch(() => '')).trim());
      // No pid yet means the owner is between mkdir and writeFile: wait for it.
      if (owner > 0 && !isAlive(owner)) await rm(lockDir, { recursive: true, force: true });
      else await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
