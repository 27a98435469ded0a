// Mounts the seed leaves behind: pod volumes under the kubelet's root,
// container rootfs binds under containerd's state, pod network namespaces.
import { readFileSync } from 'node:fs';
import { tryRun } from '../util/run';

export function mountPoints(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (l.split(' ')[4] ?? '').replace(/\\040/g, ' '));
}

/** Unmounts every mount point under one of the prefixes (or equal to a listed path), deepest first. */
export function unmountUnder(prefixes: string[], exact: string[] = []): string[] {
  const hit = mountPoints().filter((m) => exact.includes(m) || prefixes.some((p) => m === p || m.startsWith(`${p}/`)));
  const sorted = [...new Set(hit)].sort((a, b) => b.length - a.length);
  for (const m of sorted) {
    if (!tryRun('umount', [m])) tryRun('umount', ['-l', m]);
  }
  return sorted;
}
