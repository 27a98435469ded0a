// A device's links: a veth whose outer end sits on the host bridge eplab0, or,
// behind a bastion or in a site, on a bridge inside the bastion's or the site
// router's netns. Cut/heal toggle that outer end, which the device cannot see
// or undo from inside.
import { lab } from '../config';
import { exec, run, tryRun } from './exec';
import { sitePaths } from '../sites/paths';
import { devicePaths, innerBridge, netnsPrefix } from './paths';

/** The netns holding the device's uplink end: its bastion's, its site router's, or the host's (undefined). */
export function outerNetns(where: { behind?: string; site?: string }): string | undefined {
  if (where.behind) return devicePaths(where.behind).netns;
  return where.site ? sitePaths(where.site).netns : undefined;
}

/** `ip` arguments that act in the netns holding the device's uplink end. */
function uplinkNs(outer: string | undefined): string[] {
  return outer ? ['-n', outer] : [];
}

export function innerNetworkPrefix(n: number): string {
  return `10.213.${n}`;
}

async function configureDeviceSide(netns: string, address: string, gateway: string): Promise<void> {
  await run('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
  await run('ip', ['-n', netns, 'addr', 'replace', `${address}/24`, 'dev', 'eth0']);
  await run('ip', ['-n', netns, 'link', 'set', 'eth0', 'up']);
  await run('ip', ['-n', netns, 'route', 'replace', 'default', 'via', gateway]);
}

/** Creates the device's netns and its uplink; `outer` puts it on a bastion's inner network or a site's LAN. */
export async function createDeviceLinks(name: string, address: string, outer?: string, innerPrefix?: string): Promise<void> {
  const p = devicePaths(name);
  await run('ip', ['netns', 'add', p.netns]);
  if (outer) {
    await run('ip', ['link', 'add', p.uplinkVeth, 'netns', outer, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', p.netns]);
    await run('ip', ['-n', outer, 'link', 'set', p.uplinkVeth, 'master', innerBridge, 'up']);
    await configureDeviceSide(p.netns, address, `${innerPrefix}.1`);
  } else {
    await run('ip', ['link', 'add', p.uplinkVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', p.netns]);
    await run('ip', ['link', 'set', p.uplinkVeth, 'master', lab.bridge, 'up']);
    await configureDeviceSide(p.netns, address, lab.hostAddress);
  }
  // The address may have belonged to a removed or stopped device whose MAC the
  // neighbour cache still holds: connections would time out until it went stale.
  await tryRun('ip', [...uplinkNs(outer), 'neigh', 'flush', 'to', address]);
}

/**
 * Makes a device a bastion: a second interface (a bridge) on 10.213.n.1/24,
 * forwarding, and masquerading so that inner devices reach the seed at
 * 10.213.0.1 although the host has no route back to 10.213.n.0/24.
 */
export async function createInnerNetwork(bastion: string, prefix: string): Promise<void> {
  const ns = devicePaths(bastion).netns;
  if (!(await tryRun('ip', ['-n', ns, 'link', 'show', innerBridge]))) {
    await run('ip', ['-n', ns, 'link', 'add', innerBridge, 'type', 'bridge']);
  }
  await run('ip', ['-n', ns, 'addr', 'replace', `${prefix}.1/24`, 'dev', innerBridge]);
  await run('ip', ['-n', ns, 'link', 'set', innerBridge, 'up']);
  await run('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
  const rule = ['-t', 'nat', 'POSTROUTING', '-s', `${prefix}.0/24`, '!', '-d', `${prefix}.0/24`, '-j', 'MASQUERADE'];
  const check = ['netns', 'exec', ns, 'iptables', '-t', 'nat', '-C', ...rule.slice(2)];
  if (!(await tryRun('ip', check))) await run('ip', ['netns', 'exec', ns, 'iptables', '-t', 'nat', '-A', ...rule.slice(2)]);
}

/** Cut (down) or heal (up) the device's uplink from outside; nothing inside the device restarts. */
export async function setUplink(name: string, outer: string | undefined, up: boolean): Promise<void> {
  await run('ip', [...uplinkNs(outer), 'link', 'set', devicePaths(name).uplinkVeth, up ? 'up' : 'down']);
}

/** undefined when the uplink does not exist. */
export async function uplinkIsUp(name: string, outer: string | undefined): Promise<boolean | undefined> {
  const r = await exec('ip', [...uplinkNs(outer), '-j', 'link', 'show', 'dev', devicePaths(name).uplinkVeth]);
  if (r.code !== 0) return undefined;
  const links = JSON.parse(r.stdout || '[]') as Array<{ flags?: string[] }>;
  return links[0]?.flags?.includes('UP') ?? false;
}

/** Deletes the uplink (its peer goes with it) and the netns; missing pieces are fine. */
export async function removeDeviceLinks(name: string, outer: string | undefined): Promise<void> {
  const p = devicePaths(name);
  await tryRun('ip', [...uplinkNs(outer), 'link', 'del', p.uplinkVeth]);
  // A half-finished add may not know its bastion: also try the host side.
  if (outer) await tryRun('ip', ['link', 'del', p.uplinkVeth]);
  if (await tryRun('ip', ['netns', 'pids', p.netns])) await run('ip', ['netns', 'del', p.netns]);
}

export async function listLabNetns(): Promise<string[]> {
  const r = await exec('ip', ['-j', 'netns', 'list']);
  if (r.code !== 0 || !r.stdout.trim()) return [];
  return (JSON.parse(r.stdout) as Array<{ name: string }>).map((n) => n.name).filter((n) => n.startsWith(netnsPrefix));
}
