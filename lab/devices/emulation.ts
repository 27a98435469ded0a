// An emulated linux-arm64 device on this x86_64 machine (`device add NAME --arch arm64`).
// qemu-user-static, registered in binfmt_misc with the F flag (scripts/setup.mjs does
// that), runs every aarch64 executable the bundle installs. Two things make the device
// look arm64 from the inside, as a Raspberry Pi would:
// - Debian's qemu looks for an aarch64 program's loader and libraries under
//   /etc/qemu-binfmt/aarch64 first, and a device has its own /etc: the arm64 libc and
//   libseccomp (runc links it) go there, not into the machine's /usr/lib;
// - /usr/local/bin/uname is an aarch64 busybox, so `uname -m` (what preflight asks)
//   answers aarch64 because it really runs under emulation.
// The shell and sshd stay the machine's own x86_64 programs.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir } from '../config';
import { ensureDebianArm64Tree } from '../../components/build/arm64';
import { DeviceLabError, run } from './exec';

export type DeviceArch = 'amd64' | 'arm64';
export const deviceArchs: readonly DeviceArch[] = ['amd64', 'arm64'];

/** What an emulated device needs besides the node bundle: a loader, libc, libseccomp, an arm64 uname. */
export const emulationPackages = ['libc6', 'libseccomp2', 'busybox-static'];
const qemuPrefix = 'etc/qemu-binfmt/aarch64';
const binfmtEntry = '/proc/sys/fs/binfmt_misc/qemu-aarch64';

/** Throws with what to do unless this machine runs aarch64 programs through qemu, in every mount namespace. */
export function checkArm64Emulation(): void {
  let entry: string;
  try {
    entry = readFileSync(binfmtEntry, 'utf8');
  } catch {
    throw new DeviceLabError(
      'an arm64 device needs qemu-user-static registered in binfmt_misc, and this machine has no qemu-aarch64 entry: run `node scripts/setup.mjs` as root (it installs qemu-user-static and registers it), then add the device again',
    );
  }
  if (!entry.startsWith('enabled')) throw new DeviceLabError(`${binfmtEntry} is disabled: enable it with \`echo 1 > ${binfmtEntry}\` as root`);
  // Without F the kernel opens the interpreter in the device's mount namespace at every exec; it is there, but F is what setup registers.
  if (!/^flags: .*F/m.test(entry)) throw new DeviceLabError(`${binfmtEntry} lacks the F flag: remove it (\`echo -1 > ${binfmtEntry}\`) and run \`node scripts/setup.mjs\` again`);
}

/** Puts the arm64 loader, libraries and uname into a device tree made by buildRootfs. */
export async function addArm64Userland(root: string, log: (m: string) => void = () => undefined): Promise<void> {
  const userland = ensureDebianArm64Tree('emulated lab devices', emulationPackages, join(cacheDir, 'debian-arm64-emulation'), log);
  const prefix = join(root, qemuPrefix);
  await mkdir(prefix, { recursive: true });
  // A copy, not a bind: the device's /etc is itself a copy, and the cache lives under /root, which a device does not see.
  await run('cp', ['-a', `${userland}/.`, prefix]);
  const busybox = join(prefix, 'bin', 'busybox');
  if (!existsSync(busybox)) throw new DeviceLabError(`the arm64 busybox is missing from ${userland}: remove ${join(cacheDir, 'debian-arm64-emulation')} and add the device again`);
  await symlink(`/${qemuPrefix}/bin/busybox`, join(root, 'usr', 'local', 'bin', 'uname'));
}
