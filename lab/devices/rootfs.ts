// The device's private trees under stateDir/devices/NAME/root: a copy of /etc
// with the device's own user, sudoers, sshd config and host key, and empty
// folders for what a bootstrap writes (/var/lib/kubelet, /usr/local/bin, ...).
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, chown, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './exec';
import type { DeviceAuth } from './store';

export const deviceUser = 'edge';

/** Folders bound over the host's (relative to /); all start empty. */
export const privateDirs = ['run', 'usr/local', 'opt', 'home', 'root', 'var/log', 'tmp', 'var/tmp', 'var/lib'];
/** Entries of the device's own /var/lib; every other host /var/lib entry is bound read-only. */
export const privateVarLib = ['kubelet', 'containerd', 'edgeplane', 'cni', 'etcd', 'sudo', 'edgeplane-lab', 'private', 'postgresql', 'dbus'];
/** Host /etc entries that describe the host's own cluster or identity, not a fresh device's. */
const etcDrop = ['kubernetes', 'containerd', 'cni', 'machine-id', 'ssh/sshd_config.d', 'netns'];

export interface RootfsResult {
  hostKeyOpenSsh: string;
}

async function freeUid(etc: string): Promise<number> {
  const used = new Set<number>();
  for (const f of ['passwd', 'group']) {
    for (const l of (await readFile(join(etc, f), 'utf8')).split('\n')) used.add(Number(l.split(':')[2]));
  }
  let uid = 1000;
  while (used.has(uid)) uid++;
  return uid;
}

async function passwordHash(password: string): Promise<string> {
  // Fed on stdin: a password on the command line would show in `ps`.
  return (await run('openssl', ['passwd', '-6', '-stdin'], `${password}\n`)).trim();
}

function sshdConfig(auth: DeviceAuth): string {
  const key = auth === 'key';
  return [
    '# Edgeplane lab device: written by lab/devices/rootfs.ts',
    'Port 22',
    'HostKey /etc/ssh/ssh_host_ed25519_key',
    'PidFile /run/sshd.pid',
    'PermitRootLogin no',
    `AllowUsers ${deviceUser}`,
    `PubkeyAuthentication ${key ? 'yes' : 'no'}`,
    `PasswordAuthentication ${key ? 'no' : 'yes'}`,
    `KbdInteractiveAuthentication ${key ? 'no' : 'yes'}`,
    'UsePAM yes',
    'AuthorizedKeysFile .ssh/authorized_keys',
    'AllowTcpForwarding yes',
    'PrintMotd no',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    '',
  ].join('\n');
}

/** Builds the tree; returns the device's public host key ("ssh-ed25519 AAAA..."). */
export async function buildRootfs(opts: {
  name: string;
  root: string;
  address: string;
  auth: DeviceAuth;
  clientPublicKey: string;
  password?: string;
}): Promise<RootfsResult> {
  const { root, name } = opts;
  await mkdir(root, { recursive: true, mode: 0o755 });
  for (const d of privateDirs) await mkdir(join(root, d), { recursive: true });
  for (const d of ['tmp', 'var/tmp']) await chmod(join(root, d), 0o1777);
  await chmod(join(root, 'root'), 0o700);
  for (const d of ['kubelet', 'containerd', 'edgeplane', 'cni']) await mkdir(join(root, 'var/lib', d), { recursive: true });
  for (const d of ['bin', 'sbin', 'lib', 'etc', 'share', 'include', 'src']) await mkdir(join(root, 'usr/local', d), { recursive: true });

  const etc = join(root, 'etc');
  await rm(etc, { recursive: true, force: true });
  await run('cp', ['-a', '/etc', etc]);
  for (const d of etcDrop) await rm(join(etc, d), { recursive: true, force: true });
  for (const f of await readdir(join(etc, 'ssh'))) if (f.startsWith('ssh_host_')) await rm(join(etc, 'ssh', f));
  await writeFile(join(etc, 'machine-id'), `${randomBytes(16).toString('hex')}\n`);
  await writeFile(join(etc, 'hostname'), `${name}\n`);
  await writeFile(join(etc, 'hosts'), `127.0.0.1\tlocalhost\n${opts.address}\t${name}\n::1\tlocalhost ip6-localhost ip6-loopback\n`);

  const uid = await freeUid(etc);
  const hash = opts.password !== undefined ? await passwordHash(opts.password) : '*';
  await appendFile(join(etc, 'passwd'), `${deviceUser}:x:${uid}:${uid}:Edgeplane lab device user:/home/${deviceUser}:/bin/bash\n`);
  await appendFile(join(etc, 'group'), `${deviceUser}:x:${uid}:\n`);
  await appendFile(join(etc, 'shadow'), `${deviceUser}:${hash}:20000:0:99999:7:::\n`);
  const sudoers = join(etc, 'sudoers.d', 'edgeplane-lab');
  const rule = opts.auth === 'key' ? 'NOPASSWD: ALL' : 'ALL';
  await writeFile(sudoers, `Defaults:${deviceUser} lecture=never\n${deviceUser} ALL=(ALL:ALL) ${rule}\n`, { mode: 0o440 });
  await chmod(sudoers, 0o440);

  const home = join(root, 'home', deviceUser);
  await mkdir(join(home, '.ssh'), { recursive: true });
  await run('cp', ['-a', '/etc/skel/.', home]);
  if (opts.auth === 'key') await writeFile(join(home, '.ssh', 'authorized_keys'), `${opts.clientPublicKey.trim()}\n`, { mode: 0o600 });
  await chmod(join(home, '.ssh'), 0o700);
  await run('chown', ['-R', `${uid}:${uid}`, home]);
  await chown(home, uid, uid);

  await writeFile(join(etc, 'ssh', 'sshd_config'), sshdConfig(opts.auth));
  const hostKey = join(etc, 'ssh', 'ssh_host_ed25519_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${name}`, '-f', hostKey]);
  const pub = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(' ');
  return { hostKeyOpenSsh: `${pub[0]} ${pub[1]}` };
}
