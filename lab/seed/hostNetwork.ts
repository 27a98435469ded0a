// Host settings the seed's pod network needs, recorded so `lab down` puts
// them back: IPv4 forwarding, bridged traffic through iptables (Services
// between pods on one bridge), and one masquerade rule for pod egress.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab, podBridge, seedRunDir } from '../config';
import { tryRun } from '../util/run';

const sysctls = ['/proc/sys/net/ipv4/ip_forward', '/proc/sys/net/bridge/bridge-nf-call-iptables'];
const savedFile = join(seedRunDir, 'sysctl.saved.json');
const masquerade = ['-s', lab.podCidr, '!', '-d', lab.podCidr, '-m', 'comment', '--comment', 'edgeplane-lab pod egress', '-j', 'MASQUERADE'];

export function ensureSeedHostNetwork(): void {
  mkdirSync(seedRunDir, { recursive: true });
  const saved: Record<string, string> = existsSync(savedFile) ? (JSON.parse(readFileSync(savedFile, 'utf8')) as Record<string, string>) : {};
  for (const path of sysctls) {
    if (!existsSync(path)) {
      if (path.includes('bridge')) throw new Error('bridge netfilter (br_netfilter) is not available: Services between pods on the seed would not work. Load it with `modprobe br_netfilter`.');
      continue;
    }
    const now = readFileSync(path, 'utf8').trim();
    if (now === '1') continue;
    saved[path] ??= now;
    writeFileSync(path, '1');
  }
  writeFileSync(savedFile, JSON.stringify(saved));
  if (!tryRun('iptables', ['-t', 'nat', '-C', 'POSTROUTING', ...masquerade])) {
    if (!tryRun('iptables', ['-t', 'nat', '-A', 'POSTROUTING', ...masquerade])) throw new Error('could not add the pod egress masquerade rule (iptables -t nat -A POSTROUTING)');
  }
}

/** Chains the kubelet makes for itself; kube-proxy --cleanup does not remove them. */
const kubeletChains: Array<[string, string]> = [
  ['mangle', 'KUBE-IPTABLES-HINT'],
  ['mangle', 'KUBE-KUBELET-CANARY'],
  ['nat', 'KUBE-KUBELET-CANARY'],
  ['filter', 'KUBE-KUBELET-CANARY'],
  ['filter', 'KUBE-FIREWALL'],
];

export function removeSeedHostNetwork(): void {
  while (tryRun('iptables', ['-t', 'nat', '-D', 'POSTROUTING', ...masquerade]));
  for (const [table, chain] of kubeletChains) {
    for (const bin of ['iptables', 'ip6tables']) {
      // Unhook from the built-in chains first, then flush and delete.
      for (const parent of ['INPUT', 'OUTPUT', 'FORWARD', 'PREROUTING', 'POSTROUTING']) {
        while (tryRun(bin, ['-t', table, '-D', parent, '-j', chain]));
      }
      tryRun(bin, ['-t', table, '-F', chain]);
      tryRun(bin, ['-t', table, '-X', chain]);
    }
  }
  if (existsSync(`/sys/class/net/${podBridge}`)) tryRun('ip', ['link', 'delete', podBridge]);
  if (existsSync(savedFile)) {
    const saved = JSON.parse(readFileSync(savedFile, 'utf8')) as Record<string, string>;
    for (const [path, value] of Object.entries(saved)) {
      try {
        writeFileSync(path, value);
      } catch {
        /* best effort */
      }
    }
    rmSync(savedFile, { force: true });
  }
}
