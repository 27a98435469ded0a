// Shared by the bootstrap integration tests and the bench: a lab control
// plane, lab devices (added and removed through `npm run lab -- device`),
// their SSH targets and credentials, and plain-Node ports.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { ensureNodeBundle } from '../../components/bundle';
import { kubernetesVersion, seedContext, seedKubeconfig, stateDir } from '../../lab/config';
import { createControlPlane } from '../../src/core/controlplane/create';
import { getAdminKubeConfig } from '../../src/core/controlplane/access';
import { bootstrapTokenGroup } from '../../src/core/controlplane/names';
import type { Logger, Prompter, StateStore } from '../../src/core/ports';
import type { SeedConfig } from '../../src/core/seeds';
import type { BootstrapOptions } from '../../src/core/bootstrap/types';
import type { SessionOptions } from '../../src/core/ssh/connect';
import { SshConfigResolver, type SshTarget } from '../../src/core/ssh/sshConfig';
import { memoryStateStore } from '../../test/support/testSshd';

export const labSeed: SeedConfig = { name: 'lab', context: seedContext, kubeconfig: seedKubeconfig };
export const labSshConfig = join(stateDir, 'ssh', 'config');
export const labKnownHosts = join(stateDir, 'ssh', 'known_hosts');
const repo = new URL('../..', import.meta.url).pathname;

export interface LabDevice {
  name: string;
  address: string;
  user: string;
  auth: 'key' | 'password';
  password?: string;
  sudoPassword?: string;
}

export function lab(args: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'lab/cli.ts'), ...args], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`lab ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export function readDevice(name: string): LabDevice {
  const dir = join(stateDir, 'devices', name);
  const d = JSON.parse(readFileSync(join(dir, 'device.json'), 'utf8')) as { name: string; address: string; user: string; auth: 'key' | 'password' };
  let creds: { password?: string; sudoPassword?: string } = {};
  try {
    creds = JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')) as typeof creds;
  } catch {
    // key devices may have none
  }
  return { ...d, password: creds.password, sudoPassword: creds.sudoPassword };
}

export function addDevice(name: string, opts: { behind?: string; site?: string; auth?: 'key' | 'password'; memory?: string; arch?: 'amd64' | 'arm64' } = {}): LabDevice {
  const args = ['device', 'add', name];
  if (opts.behind) args.push('--behind', opts.behind);
  if (opts.site) args.push('--site', opts.site);
  if (opts.auth) args.push('--auth', opts.auth);
  if (opts.memory) args.push('--memory', opts.memory);
  if (opts.arch) args.push('--arch', opts.arch);
  lab(args);
  return readDevice(name);
}

export function removeDevice(name: string): void {
  try {
    lab(['device', 'remove', name]);
  } catch {
    // already gone
  }
}

export function targetFor(name: string): SshTarget {
  return SshConfigResolver.fromFile({ configFile: labSshConfig }).resolve(name);
}

export async function ensureLabControlPlane(name: string, logger?: Logger): Promise<KubeConfig> {
  await createControlPlane(labSeed, { name }, { logger });
  return getAdminKubeConfig(labSeed, name);
}

export const acceptAll: Prompter = { confirmHostKey: async () => true, askSecret: async () => undefined };

export interface LabBootstrapBase {
  cluster: KubeConfig;
  controlPlane: string;
  state: StateStore;
}

/** The SSH settings a lab device is reached with (its known_hosts, no agent), as the extension builds them from settings. */
export function labSsh(state: StateStore, extra: Partial<SessionOptions> = {}): SessionOptions {
  return { prompter: acceptAll, state, knownHostsFiles: [labKnownHosts], agentSocket: '', ...extra };
}

/** `extra.ssh` is merged into the lab's SSH settings. */
export async function bootstrapOptionsFor(device: LabDevice, base: LabBootstrapBase, extra: Partial<Omit<BootstrapOptions, 'ssh'>> & { ssh?: Partial<SessionOptions> } = {}): Promise<BootstrapOptions> {
  const bundle = await ensureNodeBundle();
  const { ssh, ...rest } = extra;
  return {
    target: targetFor(device.name),
    cluster: base.cluster,
    controlPlane: base.controlPlane,
    artifacts: { kind: 'bundle', path: bundle.path, sha256: bundle.sha256 },
    kubernetesVersion,
    ssh: labSsh(base.state, ssh),
    tokenGroup: bootstrapTokenGroup,
    credentials: device.auth === 'password' ? { password: device.password, sudoPassword: device.sudoPassword } : undefined,
    ...rest,
  };
}

export { memoryStateStore };

/** Runs a root script on a lab device over SSH (as a person would look) and returns its output. */
export async function deviceRun(name: string, state: StateStore, script: string): Promise<string> {
  const { connect } = await import('../../src/core/ssh/connect');
  const { Remote } = await import('../../src/core/ssh/exec');
  const dev = readDevice(name);
  const conn = await connect(targetFor(name), { prompter: acceptAll, state, knownHostsFiles: [labKnownHosts], agentSocket: '', password: dev.password });
  try {
    const remote = new Remote(conn, { prompter: acceptAll, sudoPassword: dev.sudoPassword });
    return (await remote.sudoCheck(`on ${name}`, script, { quiet: true })).stdout;
  } finally {
    conn.close();
  }
}

/** What a bootstrap could change on a device, as text to compare before/after (files, mounts, links, iptables, processes). */
export async function deviceSnapshot(name: string, state: StateStore): Promise<string> {
  return deviceRun(name, state, `for d in /etc /var/lib /usr/local /opt /var/log /run; do find $d -xdev 2>/dev/null; done | grep -v -E '^/run/(sshd|utmp|sudo|motd)|^/run/netns/eplab-|^/var/log/(wtmp|btmp|lastlog|auth)|^/var/lib/sudo' | sort
# Other lab devices come and go under /run/netns (propagated from the host): not this device's state.
echo '--- mounts'; awk '{print $5}' /proc/self/mountinfo | grep -v '^/run/netns/eplab-' | sort
echo '--- links'; ip -o link | awk '{print $2}'
echo '--- iptables'; for t in filter nat mangle; do iptables -t $t -S; done
echo '--- processes'; ps -eo comm= | grep -E 'kubelet|containerd|pause|supervise' | sort || true`);
}

/** Lines only in a, lines only in b. */
export function snapshotDiff(a: string, b: string): string {
  const sa = new Set(a.split('\n'));
  const sb = new Set(b.split('\n'));
  return [...[...sa].filter((l) => !sb.has(l)).map((l) => `- ${l}`), ...[...sb].filter((l) => !sa.has(l)).map((l) => `+ ${l}`)].join('\n');
}
