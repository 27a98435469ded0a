// Starting and stopping a device. The device's "init" is sshd -D, pid 1 of a
// pid namespace inside the device's netns, mount, UTS, IPC and cgroup
// namespaces; everything an SSH session starts (kubelet, containerd) inherits
// them. Killing that pid 1 takes every process of the device with it.
import { closeSync, openSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stateDir } from '../config';
import { exec, DeviceLabError, sleep, spawnDetached, tryRun } from './exec';
import { cgroupHierarchies, deviceCgroupDir, deviceCgroupPids } from './cgroups';
import { devicePaths, type DevicePaths } from './paths';
import { isAlive } from '../util/run';
import { privateDirs, privateVarLib } from './rootfs';

/**
 * The host's container runtime and Kubernetes tools stay invisible until a
 * bootstrap installs the device's own: the device gets hard-linked copies of
 * /usr/bin and /usr/sbin without them (a hidden file must not exist at all,
 * or `command -v` still finds it).
 */
const hiddenBinaries = /^(containerd.*|ctr|runc|crun|crictl|nerdctl|kube.*)$/;
const hiddenBinDirs = ['/usr/bin', '/usr/sbin'];
const hiddenCase = 'containerd*|ctr|runc|crun|crictl|nerdctl|kube*';
const hiddenDirs = ['/usr/lib/cni'];

function binCopyName(dir: string): string {
  return `bin-copy${dir.replace(/\//g, '-')}`;
}

function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

async function writeBootScripts(p: DevicePaths): Promise<void> {
  const hierarchies = await cgroupHierarchies();
  const stage1 = [
    '#!/bin/sh',
    '# Host side: join the device cgroups first, so that the cgroup namespace is rooted there.',
    'set -e',
    ...hierarchies.map((h) => `echo $$ > ${q(join(deviceCgroupDir(h, p.name), 'cgroup.procs'))}`),
    `exec ip netns exec ${q(p.netns)} unshare --mount --uts --ipc --cgroup --pid --fork --mount-proc --propagation private /bin/sh ${q(p.stage2)}`,
    '',
  ];
  const R = p.root;
  const cg = hierarchies.flatMap((h) => [
    `mkdir -p ${q(h.mountPoint)}`,
    h.fsType === 'cgroup2' ? `mount -t cgroup2 cgroup2 ${q(h.mountPoint)}` : `mount -t cgroup -o ${q(h.options)} cgroup ${q(h.mountPoint)}`,
  ]);
  const stage2 = [
    '#!/bin/sh',
    '# Device side, pid 1 of its pid namespace: private mounts, then sshd.',
    'set -eu',
    `R=${q(R)}`,
    `hostname ${q(p.name)}`,
    '# `ip netns exec` remounted /sys without cgroups; mount them again, rooted at the device subtree.',
    'mount -t tmpfs -o mode=755,size=64k cgroup /sys/fs/cgroup',
    ...cg,
    ...hiddenBinDirs.map((d) => {
      const copy = q(join(p.dir, binCopyName(d)));
      // Without the copy (another filesystem), the hidden names are shadowed by an empty, non-executable file.
      return `if [ -d ${copy} ]; then mount --bind ${copy} ${q(d)}; else for f in ${q(d)}/*; do case "\${f##*/}" in ${hiddenCase}) mount --bind ${q(join(p.dir, 'hidden'))} "$f";; esac; done; fi`;
    }),
    `for d in ${hiddenDirs.join(' ')}; do [ -d "$d" ] && mount --bind ${q(join(p.dir, 'hidden.d'))} "$d"; done`,
    '# The device owns /var/lib; the host entries it may read come in read-only.',
    'for e in /var/lib/*; do',
    '  b=${e##*/}',
    `  case " ${privateVarLib.join(' ')} " in *" $b "*) continue;; esac`,
    '  [ -L "$e" ] && continue',
    '  if [ -d "$e" ]; then mkdir -p "$R/var/lib/$b"; elif [ -f "$e" ]; then [ -e "$R/var/lib/$b" ] || : > "$R/var/lib/$b"; else continue; fi',
    '  mount --bind "$e" "$R/var/lib/$b" && mount -o remount,bind,ro "$R/var/lib/$b"',
    'done',
    'mount --bind "$R/etc" /etc',
    `for d in ${privateDirs.filter((d) => d !== 'var/lib').join(' ')}; do mount --bind "$R/$d" "/$d"; done`,
    '# Last: after this, the lab state (and other devices\' secrets) under /var/lib is out of sight.',
    'mount --rbind "$R/var/lib" /var/lib',
    `if [ -d ${q(stateDir)} ]; then mount -t tmpfs -o size=4k,mode=700 none ${q(stateDir)}; fi`,
    'mkdir -p /run/sshd /run/lock && chmod 755 /run/sshd',
    'exec /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config',
    '',
  ];
  await writeFile(p.stage1, stage1.join('\n'), { mode: 0o700 });
  await writeFile(p.stage2, stage2.join('\n'), { mode: 0o700 });
  for (const d of hiddenBinDirs) {
    const copy = join(p.dir, binCopyName(d));
    await rm(copy, { recursive: true, force: true });
    // Hard links: same filesystem as /usr on this machine, ~40 ms, setuid bits (sudo) kept.
    if (!(await tryRun('cp', ['-al', d, copy]))) {
      await rm(copy, { recursive: true, force: true });
      continue;
    }
    for (const f of await readdir(copy)) if (hiddenBinaries.test(f)) await rm(join(copy, f), { force: true });
  }
  await writeFile(join(p.dir, 'hidden'), '', { mode: 0o644 });
  await mkdir(join(p.dir, 'hidden.d'), { recursive: true, mode: 0o755 });
}

/** Whether a pid runs and is not a zombie (one place for the lab: util/run.ts). */
export { isAlive };

export async function readPidFile(file: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The device's pid 1 (host pid) if it runs. */
export async function runningInit(name: string): Promise<number | undefined> {
  const p = devicePaths(name);
  const pid = await readPidFile(p.initPidFile);
  if (pid === undefined || !isAlive(pid)) return undefined;
  // A reused pid would not sit in the device's netns.
  try {
    const [a, b] = await Promise.all([stat(`/proc/${pid}/ns/net`), stat(`/run/netns/${p.netns}`)]);
    return a.ino === b.ino ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function listensOn22(pid: number): Promise<boolean> {
  // /proc/PID/net/tcp shows the sockets of that process's netns: no need to enter it.
  try {
    const tcp = await readFile(`/proc/${pid}/net/tcp`, 'utf8');
    return tcp.split('\n').some((l) => / [0-9A-F]{8}:0016 [0-9A-F]{8}:0000 0A /.test(l));
  } catch {
    return false;
  }
}

async function tail(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim().split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Boots the device (netns and cgroups must exist) and waits until sshd listens. */
export async function startDevice(name: string): Promise<number> {
  const p = devicePaths(name);
  await writeBootScripts(p);
  await mkdir(p.runDir, { recursive: true });
  // A fresh /run on every boot, as a real machine has.
  const run = join(p.root, 'run');
  for (const e of await readdir(run)) await rm(join(run, e), { recursive: true, force: true });
  const fd = openSync(p.bootLog, 'a', 0o600);
  let launcher: number;
  try {
    launcher = spawnDetached('/bin/sh', [p.stage1], fd);
  } finally {
    closeSync(fd);
  }
  await writeFile(p.launcherPidFile, `${launcher}\n`);
  for (let i = 0; i < 200; i++) {
    let init: number | undefined;
    try {
      const children = (await readFile(`/proc/${launcher}/task/${launcher}/children`, 'utf8')).trim();
      if (children) init = Number(children.split(' ')[0]);
    } catch {
      throw new DeviceLabError(`device ${name} did not boot:\n${await tail(p.bootLog)}`);
    }
    if (init !== undefined && (await listensOn22(init))) {
      await writeFile(p.initPidFile, `${init}\n`);
      return init;
    }
    await sleep(50);
  }
  throw new DeviceLabError(`device ${name}: sshd did not listen on port 22 within 10 s:\n${await tail(p.bootLog)}`);
}

async function netnsPids(netns: string): Promise<number[]> {
  const r = await exec('ip', ['netns', 'pids', netns]);
  return r.code === 0 ? r.stdout.split('\n').filter((l) => l.trim()).map(Number) : [];
}

/** Kills every process of the device (pid 1, its netns, its cgroups) and waits until they are gone. */
export async function killDevice(name: string): Promise<void> {
  const p = devicePaths(name);
  for (let i = 0; i < 100; i++) {
    // Never the pid files alone: a pid may have been reused by a process that is not the device's.
    const pids = new Set<number>([...(await netnsPids(p.netns)), ...(await deviceCgroupPids(name))]);
    const alive = [...pids].filter(isAlive);
    if (alive.length === 0) {
      await rm(p.runDir, { recursive: true, force: true });
      return;
    }
    for (const pid of alive) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sleep(100);
  }
  throw new DeviceLabError(`device ${name}: processes survive SIGKILL`);
}
