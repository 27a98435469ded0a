// The lab's host network: bridge eplab0 holding the seed's address, and the
// guard routes that keep lab traffic on this machine.
import { writeFile } from 'node:fs/promises';
import { lab, podBridge } from '../config';
import { exec, run, tryRun } from './exec';

const leakGuardComment = 'edgeplane-lab: lab traffic never leaves the machine';

async function linkExists(name: string): Promise<boolean> {
  return tryRun('ip', ['link', 'show', 'dev', name]);
}

/** The interface of the default route; lab packets must never be forwarded out of it. */
async function defaultRouteDevice(): Promise<string | undefined> {
  const r = await exec('ip', ['-j', 'route', 'show', 'default']);
  if (r.code !== 0) return undefined;
  const routes = JSON.parse(r.stdout || '[]') as Array<{ dev?: string }>;
  return routes[0]?.dev;
}

/** Devices (eplab0) and the seed's pods (its hosted control planes among them) stay on this machine. */
const guardedBridges = [lab.bridge, podBridge];

function leakGuardRule(bridge: string, dev: string): string[] {
  return ['FORWARD', '-i', bridge, '-o', dev, '-m', 'comment', '--comment', leakGuardComment, '-j', 'DROP'];
}

/**
 * Idempotent: bridge eplab0 with 10.213.0.1/24 up, forwarding on, and an
 * `unreachable 10.213.0.0/16` route so that a lab address without a more
 * specific route (e.g. a network behind a bastion) fails fast instead of
 * leaving through the default route.
 */
export async function ensureLabNetwork(): Promise<void> {
  if (!(await linkExists(lab.bridge))) {
    const r = await exec('ip', ['link', 'add', lab.bridge, 'type', 'bridge']);
    // Another process (the seed's `lab up`) may have created it meanwhile.
    if (r.code !== 0 && !(await linkExists(lab.bridge))) throw new Error(`cannot create bridge ${lab.bridge}: ${r.stderr.trim()}`);
  }
  const addrs = await run('ip', ['-o', '-4', 'addr', 'show', 'dev', lab.bridge]);
  if (!addrs.includes(` ${lab.hostAddress}/24 `)) {
    const r = await exec('ip', ['addr', 'add', `${lab.hostAddress}/24`, 'dev', lab.bridge]);
    if (r.code !== 0 && !r.stderr.includes('File exists')) throw new Error(`cannot address ${lab.bridge}: ${r.stderr.trim()}`);
  }
  await run('ip', ['link', 'set', lab.bridge, 'up']);
  await writeFile('/proc/sys/net/ipv4/ip_forward', '1\n');
  await run('ip', ['route', 'replace', 'unreachable', lab.supernet]);
  const dev = await defaultRouteDevice();
  for (const bridge of dev && !guardedBridges.includes(dev) ? guardedBridges : []) {
    if (!(await tryRun('iptables', ['-C', ...leakGuardRule(bridge, dev!)]))) await run('iptables', ['-I', ...leakGuardRule(bridge, dev!)]);
  }
}

/** Removes the bridge, the guard route and the forward guard. Devices must be gone first. */
export async function removeLabNetwork(): Promise<void> {
  if (await linkExists(lab.bridge)) await run('ip', ['link', 'del', lab.bridge]);
  await tryRun('ip', ['route', 'del', 'unreachable', lab.supernet]);
  const dev = await defaultRouteDevice();
  for (const bridge of dev ? guardedBridges : []) while (await tryRun('iptables', ['-D', ...leakGuardRule(bridge, dev!)]));
}
