// Each device owns /edgeplane-lab/NAME in every cgroup hierarchy and sees it as
// "/" through a cgroup namespace, so that its kubelet's /kubepods never meets
// the seed kubelet's (which uses the host's real root).
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from './exec';
import { cgroupParent } from './paths';

export interface CgroupHierarchy {
  /** Mount point on the host, e.g. /sys/fs/cgroup/cpu. */
  mountPoint: string;
  fsType: 'cgroup' | 'cgroup2';
  /** Options to mount the same hierarchy again inside the device (`-o`). */
  options: string;
}

export async function cgroupHierarchies(): Promise<CgroupHierarchy[]> {
  const out: CgroupHierarchy[] = [];
  for (const line of (await readFile('/proc/self/mountinfo', 'utf8')).split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mountPoint = left.split(' ')[4] ?? '';
    const [fsType, , superOpts = ''] = right.split(' ');
    if (!mountPoint.startsWith('/sys/fs/cgroup/')) continue;
    if (fsType === 'cgroup2') out.push({ mountPoint, fsType, options: 'rw' });
    if (fsType !== 'cgroup') continue;
    const opts = superOpts.split(',').filter((o) => o !== 'rw' && o !== 'ro');
    const hasController = opts.some((o) => !o.includes('=') && o !== 'clone_children' && o !== 'noprefix' && o !== 'xattr');
    out.push({ mountPoint, fsType, options: hasController ? opts.join(',') : ['none', ...opts].join(',') });
  }
  return out;
}

export function deviceCgroupDir(h: CgroupHierarchy, name: string): string {
  return join(h.mountPoint, cgroupParent, name);
}

async function copyCpuset(from: string, to: string): Promise<void> {
  // A cpuset cgroup starts with no CPUs and no memory nodes: tasks cannot join it until they are set.
  for (const f of ['cpuset.cpus', 'cpuset.mems']) {
    const current = (await readFile(join(to, f), 'utf8')).trim();
    if (!current) await writeFile(join(to, f), await readFile(join(from, f), 'utf8'));
  }
}

/** Creates the device's subtree everywhere; memoryLimit in bytes sets memory.limit_in_bytes. */
export async function createDeviceCgroups(name: string, memoryLimit?: number): Promise<void> {
  for (const h of await cgroupHierarchies()) {
    const parent = join(h.mountPoint, cgroupParent);
    const dir = deviceCgroupDir(h, name);
    await mkdir(dir, { recursive: true });
    if (h.options.split(',').includes('cpuset')) {
      await copyCpuset(h.mountPoint, parent);
      await copyCpuset(parent, dir);
    }
    if (memoryLimit !== undefined && h.options.split(',').includes('memory')) {
      await writeFile(join(dir, 'memory.limit_in_bytes'), String(memoryLimit));
    }
  }
}

export async function deviceMemoryLimit(name: string): Promise<number | undefined> {
  const h = (await cgroupHierarchies()).find((x) => x.options.split(',').includes('memory'));
  if (!h) return undefined;
  try {
    const v = Number((await readFile(join(deviceCgroupDir(h, name), 'memory.limit_in_bytes'), 'utf8')).trim());
    // The kernel reports "unlimited" as a huge page-aligned number.
    return v > 2 ** 60 ? undefined : v;
  } catch {
    return undefined;
  }
}

async function subdirsDepthFirst(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) if (e.isDirectory()) out.push(...(await subdirsDepthFirst(join(dir, e.name))));
  out.push(dir);
  return out;
}

/** Every pid in the device's subtree of any hierarchy (processes that left the netns included). */
export async function deviceCgroupPids(name: string): Promise<number[]> {
  const pids = new Set<number>();
  for (const h of await cgroupHierarchies()) {
    for (const dir of await subdirsDepthFirst(deviceCgroupDir(h, name))) {
      try {
        for (const l of (await readFile(join(dir, 'cgroup.procs'), 'utf8')).split('\n')) if (l.trim()) pids.add(Number(l));
      } catch {
        // gone meanwhile
      }
    }
  }
  return [...pids];
}

/** Removes the subtree bottom-up; call only once its processes are gone. */
export async function removeDeviceCgroups(name: string): Promise<void> {
  for (const h of await cgroupHierarchies()) {
    for (const dir of await subdirsDepthFirst(deviceCgroupDir(h, name))) {
      // A memory cgroup can stay busy for a moment after its last task exits.
      for (let i = 0; ; i++) {
        try {
          await rmdir(dir);
          break;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') break;
          if (i >= 50) throw new Error(`cannot remove cgroup ${dir}: ${code ?? String(e)}`, { cause: e });
          await sleep(100);
        }
      }
    }
  }
}

/** Drops the shared parent once no device is left under it. */
export async function removeCgroupParentIfEmpty(): Promise<void> {
  for (const h of await cgroupHierarchies()) {
    try {
      await rmdir(join(h.mountPoint, cgroupParent));
    } catch {
      // still in use or already gone
    }
  }
}
