// Tearing down what the seed's containerd runs without a CRI client: find the
// pods' network namespaces from the containers' OCI specs, kill the tasks, and
// then any shim or container process left, found by pid.
import { readdirSync, readFileSync, rmdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { seedContainerdSocket } from '../config';
import { run, stopPid, tryRun } from '../util/run';

const ctr = (args: string[]): string => run('ctr', ['-a', seedContainerdSocket, '-n', 'k8s.io', ...args]);

/** Network namespace paths of the seed's pod sandboxes (e.g. /var/run/netns/cni-...). */
export function sandboxNetnsPaths(): string[] {
  const paths = new Set<string>();
  let ids: string[];
  try {
    ids = ctr(['containers', 'ls', '-q']).split('\n').filter(Boolean);
  } catch {
    return [];
  }
  for (const id of ids) {
    try {
      const info = JSON.parse(ctr(['containers', 'info', id])) as { Spec?: { linux?: { namespaces?: Array<{ type: string; path?: string }> } } };
      for (const ns of info.Spec?.linux?.namespaces ?? []) {
        if (ns.type === 'network' && ns.path && /\/netns\/cni-/.test(ns.path)) paths.add(ns.path);
      }
    } catch {
      /* container vanished meanwhile */
    }
  }
  return [...paths];
}

export function killAllTasks(): void {
  let ids: string[];
  try {
    ids = ctr(['tasks', 'ls', '-q']).split('\n').filter(Boolean);
  } catch {
    return;
  }
  for (const id of ids) tryRun('ctr', ['-a', seedContainerdSocket, '-n', 'k8s.io', 'tasks', 'kill', '-a', '-s', 'SIGKILL', id]);
}

/** Pids whose command line names the seed's containerd socket: its shims. */
export function shimPids(): number[] {
  const pids: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
      if (cmd.includes('containerd-shim') && cmd.includes(seedContainerdSocket)) pids.push(Number(e));
    } catch {
      /* exited */
    }
  }
  return pids;
}

const cgroupRoot = '/sys/fs/cgroup';
/** The kubelet (cgroupfs driver) puts every pod under this cgroup in each hierarchy. */
const podCgroup = 'kubepods';

function cgroupDirs(): string[] {
  const dirs: string[] = [];
  for (const ctl of readdirSync(cgroupRoot)) {
    const d = join(cgroupRoot, ctl, podCgroup);
    if (existsSync(d)) dirs.push(d);
  }
  return dirs;
}

function walk(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) walk(join(dir, e.name), out);
  out.push(dir);
  return out;
}

/** Pids still inside the pods' cgroups (containers whose shim was killed first). */
export function podCgroupPids(): number[] {
  const pids = new Set<number>();
  for (const d of cgroupDirs()) {
    for (const dir of walk(d, [])) {
      try {
        for (const p of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (p) pids.add(Number(p));
      } catch {
        /* gone */
      }
    }
  }
  return [...pids];
}

/** Removes the pods' cgroups, deepest first; they must be empty by now. */
export function removePodCgroups(): void {
  for (const d of cgroupDirs()) {
    for (const dir of walk(d, [])) {
      try {
        rmdirSync(dir);
      } catch {
        /* still busy or already gone */
      }
    }
  }
}

export async function killStray(pids: number[]): Promise<void> {
  await Promise.all(pids.map((p) => stopPid(p, 3000)));
}
