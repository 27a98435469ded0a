// What of the lab is still on the machine: processes, network namespaces,
// mounts, interfaces and cgroups. `lab down` ends by listing it, so "nothing is
// left behind" is shown, not assumed.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, lab, podBridge, runDir, stateDir } from '../config';
import { cgroupParent, netnsPrefix } from '../devices/paths';
import { siteNetnsPrefix } from '../sites/paths';
import { spawnSync } from 'node:child_process';

export interface Leftovers {
  processes: string[];
  netns: string[];
  mounts: string[];
  links: string[];
  routes: string[];
  cgroups: string[];
}

const labPaths = [stateDir, runDir, cacheDir];
const mentionsLab = (s: string): boolean => labPaths.some((p) => s.includes(p));

function labProcesses(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const exe = (() => {
        try {
          return readlinkSync(`/proc/${pid}/exe`);
        } catch {
          return '';
        }
      })();
      const cgroup = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
      // Lab binaries, lab config paths, or a device's / pod's cgroup.
      if (mentionsLab(cmd) || mentionsLab(exe) || /:\/(edgeplane-lab|kubepods)(\/|$)/m.test(cgroup)) out.push(`${pid} ${cmd.slice(0, 160)}`);
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

function labNetns(): string[] {
  const dir = '/run/netns';
  if (!existsSync(dir)) return [];
  // Devices' namespaces are eplab-*, site routers' epsite-*; the seed's pods get cni-* ones (nothing else here runs CNI).
  return readdirSync(dir).filter((n) => n.startsWith(netnsPrefix) || n.startsWith(siteNetnsPrefix) || n.startsWith('cni-')).map((n) => join(dir, n));
}

function labMounts(): string[] {
  const points = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '');
  return points.filter((p) => mentionsLab(p) || /^\/run\/netns\/cni-/.test(p) || p.startsWith(`/run/netns/${netnsPrefix}`) || p.startsWith(`/run/netns/${siteNetnsPrefix}`));
}

function labLinks(): string[] {
  const out = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout ?? '';
  // The two bridges (devices, seed pods), the devices' uplink veths (epd<hash>, see devices/paths.ts)
  // and the site routers' (eps<hash>, sites/paths.ts).
  return out.split('\n').map((l) => l.split(': ')[1]?.split('@')[0] ?? '').filter((n) => n === lab.bridge || n === podBridge || /^ep[ds][0-9a-f]+$/.test(n));
}

/** Routes to site LANs (10.213.n.0/24 via a site router), which die with neither the bridge nor a netns. */
function labRoutes(): string[] {
  const out = spawnSync('ip', ['-o', '-4', 'route', 'show'], { encoding: 'utf8' }).stdout ?? '';
  return out.split('\n').filter((l) => /^10\.213\.\d+\.0\/24 via /.test(l)).map((l) => l.trim());
}

function labCgroups(): string[] {
  const root = '/sys/fs/cgroup';
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const h of readdirSync(root)) {
    for (const name of [cgroupParent, 'kubepods']) if (existsSync(join(root, h, name))) out.push(join(root, h, name));
  }
  return out;
}

export function findLeftovers(): Leftovers {
  return { processes: labProcesses(), netns: labNetns(), mounts: labMounts(), links: labLinks(), routes: labRoutes(), cgroups: labCgroups() };
}

/** One line per kind that is not empty; none when the machine is clean. */
export function describeLeftovers(l: Leftovers): string[] {
  return (Object.entries(l) as Array<[string, string[]]>).filter(([, v]) => v.length > 0).map(([k, v]) => `${k}: ${v.join('; ')}`);
}
