// Resident memory of a set of pods, read on the seed host: the processes whose
// cgroup path names one of the pods' UIDs, summed VmRSS. Works with the
// cgroupfs ("pod<uid>") and systemd ("pod<uid with _>") drivers, v1 and v2.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessMemory {
  pid: number;
  comm: string;
  rssKiB: number;
}

export function podProcesses(podUids: string[], proc = '/proc'): ProcessMemory[] {
  const keys = podUids.flatMap((u) => [`pod${u}`, `pod${u.replace(/-/g, '_')}`]);
  const out: ProcessMemory[] = [];
  for (const entry of readdirSync(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cgroup = readFileSync(`${proc}/${entry}/cgroup`, 'utf8');
      if (!keys.some((k) => cgroup.includes(k))) continue;
      const status = readFileSync(`${proc}/${entry}/status`, 'utf8');
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
      const comm = readFileSync(`${proc}/${entry}/comm`, 'utf8').trim();
      out.push({ pid: Number(entry), comm, rssKiB: rss ? Number(rss[1]) : 0 });
    } catch {
      // The process ended while we read it.
    }
  }
  return out;
}

export const sumMiB = (ps: ProcessMemory[]): number => ps.reduce((a, p) => a + p.rssKiB, 0) / 1024;

/** MiB per command name (kube-apiserver, etcd, pause...). */
export function byCommand(ps: ProcessMemory[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of ps) out[p.comm] = Math.round(((out[p.comm] ?? 0) + p.rssKiB / 1024) * 10) / 10;
  return out;
}
