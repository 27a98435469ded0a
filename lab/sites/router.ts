// A site's router: a netns with a WAN end on the lab bridge and a LAN bridge
// for the site's devices. A NAT router masquerades outbound traffic and drops
// every inbound connection that nothing inside opened, except its SSH port
// forward to the site's jump device. Shaping acts on both directions of the
// uplink: loss and delay in the router's FORWARD path, rate on each veth end.
import { closeSync, openSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { lab } from '../config';
import { exec, run, spawnDetached, tryRun } from '../devices/exec';
import { isAlive, readPidFile } from '../devices/boot';
import { innerNetworkPrefix as lanPrefix } from '../devices/links';
import { netdelayBin } from './netdelay';
import { siteLanBridge, sitePaths, siteWan } from './paths';
import type { SiteInfo } from './store';

const nsArgs = (s: SiteInfo): string[] => ['-n', sitePaths(s.name).netns];
const inNs = (s: SiteInfo, cmd: string, args: string[]): Promise<string> => run('ip', ['netns', 'exec', sitePaths(s.name).netns, cmd, ...args]);

/** Appends an iptables rule in the router unless it is there. */
async function rule(s: SiteInfo, table: string, chain: string, spec: string[]): Promise<void> {
  const ns = sitePaths(s.name).netns;
  if (!(await tryRun('ip', ['netns', 'exec', ns, 'iptables', '-t', table, '-C', chain, ...spec]))) await inNs(s, 'iptables', ['-t', table, '-A', chain, ...spec]);
}

/** Idempotent: the router's netns, links, routes and NAT rules; not its shaping. */
export async function createRouter(s: SiteInfo): Promise<void> {
  const p = sitePaths(s.name);
  const lan = lanPrefix(s.network);
  if (!(await tryRun('ip', ['netns', 'pids', p.netns]))) await run('ip', ['netns', 'add', p.netns]);
  if (!(await tryRun('ip', ['link', 'show', 'dev', p.hostVeth]))) {
    await run('ip', ['link', 'add', p.hostVeth, 'type', 'veth', 'peer', 'name', siteWan, 'netns', p.netns]);
  }
  await run('ip', ['link', 'set', p.hostVeth, 'master', lab.bridge, 'up']);
  await run('ip', [...nsArgs(s), 'link', 'set', 'lo', 'up']);
  await run('ip', [...nsArgs(s), 'addr', 'replace', `${s.wanAddress}/24`, 'dev', siteWan]);
  await run('ip', [...nsArgs(s), 'link', 'set', siteWan, 'up']);
  await run('ip', [...nsArgs(s), 'route', 'replace', 'default', 'via', lab.hostAddress]);
  if (!(await tryRun('ip', [...nsArgs(s), 'link', 'show', siteLanBridge]))) await run('ip', [...nsArgs(s), 'link', 'add', siteLanBridge, 'type', 'bridge']);
  await run('ip', [...nsArgs(s), 'addr', 'replace', `${lan}.1/24`, 'dev', siteLanBridge]);
  await run('ip', [...nsArgs(s), 'link', 'set', siteLanBridge, 'up']);
  await inNs(s, 'sysctl', ['-q', '-w', 'net.ipv4.ip_forward=1']);
  // The host routes the LAN to the router even for a NAT site: then what keeps the
  // seed out is the router's firewall, as on a real site, not a missing route.
  await run('ip', ['route', 'replace', `${lan}.0/24`, 'via', s.wanAddress]);
  // An earlier site's MAC for this address may still be cached.
  await tryRun('ip', ['neigh', 'flush', 'to', s.wanAddress]);
  if (!s.nat) return;
  await rule(s, 'nat', 'POSTROUTING', ['-s', `${lan}.0/24`, '-o', siteWan, '-j', 'MASQUERADE']);
  for (const chain of ['INPUT', 'FORWARD']) {
    await rule(s, 'filter', chain, ['-i', siteWan, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT']);
    // Port forwards (DNAT in PREROUTING) are the only new inbound connections let through.
    if (chain === 'FORWARD') await rule(s, 'filter', chain, ['-i', siteWan, '-m', 'conntrack', '--ctstate', 'DNAT', '-j', 'ACCEPT']);
    await rule(s, 'filter', chain, ['-i', siteWan, '-j', 'DROP']);
  }
}

/** The router's port 22 forwards to the jump device's sshd. */
export async function forwardSshTo(s: SiteInfo, address: string): Promise<void> {
  await rule(s, 'nat', 'PREROUTING', ['-i', siteWan, '-d', s.wanAddress, '-p', 'tcp', '--dport', '22', '-j', 'DNAT', '--to-destination', `${address}:22`]);
}

async function stopDelay(s: SiteInfo): Promise<void> {
  const pid = await readPidFile(sitePaths(s.name).delayPidFile);
  if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** tbf needs a bucket of at least one MTU and enough for the rate at the kernel's timer. */
function tbfArgs(rateKbit: number): string[] {
  const burst = Math.max(4096, Math.ceil((rateKbit * 1000) / 8 / 50));
  return ['root', 'tbf', 'rate', `${rateKbit}kbit`, 'burst', String(burst), 'latency', '400ms'];
}

/**
 * (Re)applies delay, loss and rate. Delay: netdelay on NFQUEUE 0 (this kernel has no sch_netem),
 * half of it on each direction so that the round trip grows by delayMs.
 */
export async function applyShaping(s: SiteInfo): Promise<void> {
  const p = sitePaths(s.name);
  await tryRun('ip', ['netns', 'exec', p.netns, 'iptables', '-t', 'mangle', '-F', 'FORWARD']);
  await stopDelay(s);
  for (const [ns, dev] of [[p.netns, siteWan], [undefined, p.hostVeth]] as const) {
    const pre = ns ? ['ip', 'netns', 'exec', ns, 'tc'] : ['tc'];
    await exec(pre[0]!, [...pre.slice(1), 'qdisc', 'del', 'dev', dev, 'root']);
    if (s.rateKbit) await run(pre[0]!, [...pre.slice(1), 'qdisc', 'replace', 'dev', dev, ...tbfArgs(s.rateKbit)]);
  }
  const wanTraffic = [['-i', siteWan], ['-o', siteWan]];
  if (s.lossPct) {
    for (const dir of wanTraffic) await inNs(s, 'iptables', ['-t', 'mangle', '-A', 'FORWARD', ...dir, '-m', 'statistic', '--mode', 'random', '--probability', String(s.lossPct / 100), '-j', 'DROP']);
  }
  if (s.delayMs) {
    await mkdir(p.runDir, { recursive: true });
    const fd = openSync(p.delayLog, 'a', 0o644);
    let pid: number;
    try {
      pid = spawnDetached('ip', ['netns', 'exec', p.netns, netdelayBin(), '0', String(Math.round(s.delayMs / 2))], fd);
    } finally {
      closeSync(fd);
    }
    await writeFile(p.delayPidFile, `${pid}\n`);
    // --queue-bypass: were netdelay gone, packets pass undelayed instead of the site going dark.
    for (const dir of wanTraffic) await inNs(s, 'iptables', ['-t', 'mangle', '-A', 'FORWARD', ...dir, '-j', 'NFQUEUE', '--queue-num', '0', '--queue-bypass']);
  }
}

/** Cut (down) or heal (up) the site's uplink at its host end, which nothing in the site can undo. */
export async function setSiteUplink(s: SiteInfo, up: boolean): Promise<void> {
  await run('ip', ['link', 'set', sitePaths(s.name).hostVeth, up ? 'up' : 'down']);
  // The host's ARP entry for the router went FAILED during the cut; start afresh.
  if (up) await tryRun('ip', ['neigh', 'flush', 'to', s.wanAddress]);
}

/** undefined when the uplink does not exist (the router is gone). */
export async function siteUplinkUp(name: string): Promise<boolean | undefined> {
  const r = await exec('ip', ['-j', 'link', 'show', 'dev', sitePaths(name).hostVeth]);
  if (r.code !== 0) return undefined;
  const links = JSON.parse(r.stdout || '[]') as Array<{ flags?: string[] }>;
  return links[0]?.flags?.includes('UP') ?? false;
}

/** Everything of the router; missing pieces are fine. Its devices must be gone first. */
export async function removeRouter(s: Pick<SiteInfo, 'name' | 'network' | 'wanAddress'>): Promise<void> {
  const p = sitePaths(s.name);
  const pids = await exec('ip', ['netns', 'pids', p.netns]);
  for (const pid of pids.code === 0 ? pids.stdout.split('\n').filter(Boolean).map(Number) : []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await tryRun('ip', ['link', 'del', p.hostVeth]);
  await tryRun('ip', ['route', 'del', `${lanPrefix(s.network)}.0/24`, 'via', s.wanAddress]);
  if (pids.code === 0) await run('ip', ['netns', 'del', p.netns]);
  await rm(p.runDir, { recursive: true, force: true });
}
