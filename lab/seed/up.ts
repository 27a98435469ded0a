// `lab up`: builds what is missing, then starts the seed's host processes in
// order, each only if it is not already running, and waits for the Node.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { lab, seedContainerdSocket, seedKubeconfig, seedLogDir, seedRunDir } from '../config';
import { ensureBinaries } from '../build/binaries';
import { ensureImageArchives } from '../../components/images';
import { importImages } from '../images';
import { startDaemon, stopDaemon, tryRun, waitFor } from '../util/run';
import { nodeReady, readyz } from './api';
import { componentSpec, etcdUrl, type ComponentName } from './components';
import { writeCniConfig, writeContainerdConfig, writeKubeconfigs, writeKubeletConfig, writeKubeProxyConfig } from './files';
import { ensureSeedHostNetwork } from './hostNetwork';
import { ensureLabNetwork } from './labNetwork';
import { logFile } from './paths';
import { ensurePki } from './pki';

type Log = (m: string) => void;

/**
 * The seed's pods get their network namespaces as mounts under /run/netns. The
 * first `ip netns add` of a device makes /run/netns a shared bind mount of
 * itself; if that happens after pods exist, it hides their namespace mounts
 * and containerd can never remove them (unlinkat: device or resource busy), so
 * those pods stay Terminating for good. Make it the mount point first.
 */
function ensureNetnsMountPoint(): void {
  mkdirSync('/run/netns', { recursive: true });
  const points = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4]);
  if (!points.includes('/run/netns')) {
    if (!tryRun('mount', ['--bind', '/run/netns', '/run/netns'])) throw new Error('cannot bind-mount /run/netns onto itself (mount --bind)');
  }
  if (!tryRun('mount', ['--make-shared', '/run/netns'])) throw new Error('cannot make /run/netns a shared mount (mount --make-shared)');
}

function start(name: ComponentName, log: Log): boolean {
  const started = startDaemon(componentSpec(name));
  if (started) log(`started ${name} (log: ${logFile(name)})`);
  return started;
}

async function etcdHealthy(): Promise<boolean> {
  const r = await fetch(`${etcdUrl}/health`);
  return r.ok && ((await r.json()) as { health?: string }).health === 'true';
}

const hint = (name: ComponentName): string => `see ${logFile(name)}`;

/** Brings the seed up; returns true when anything changed. */
export async function seedUp(log: Log): Promise<boolean> {
  mkdirSync(seedRunDir, { recursive: true });
  mkdirSync(seedLogDir, { recursive: true });
  await ensureLabNetwork();
  const built = ensureBinaries(log);
  const images = await ensureImageArchives(log);
  let changed = built.length > 0 || images.length > 0;
  changed = ensurePki() || changed;
  changed = writeKubeconfigs() || changed;
  // A running component whose configuration changed is restarted to pick it up.
  const stale: ComponentName[] = [];
  if (writeContainerdConfig()) stale.push('containerd');
  if (writeCniConfig()) stale.push('containerd');
  if (writeKubeletConfig()) stale.push('kubelet');
  if (writeKubeProxyConfig()) stale.push('kube-proxy');
  for (const name of new Set(stale)) {
    if (await stopDaemon(componentSpec(name).pidFile)) log(`restarting ${name}: its configuration changed`);
  }
  changed = stale.length > 0 || changed;
  ensureSeedHostNetwork();
  ensureNetnsMountPoint();

  changed = start('etcd', log) || changed;
  await waitFor('etcd to be healthy', etcdHealthy, 60_000, hint('etcd'));
  changed = start('kube-apiserver', log) || changed;
  await waitFor('kube-apiserver /readyz', () => readyz(), 120_000, hint('kube-apiserver'));
  changed = start('kube-controller-manager', log) || changed;
  changed = start('kube-scheduler', log) || changed;
  changed = start('containerd', log) || changed;
  await waitFor('containerd to answer', () => existsSync(seedContainerdSocket) && tryRun('ctr', ['-a', seedContainerdSocket, 'version']), 60_000, hint('containerd'));
  changed = importImages(log).length > 0 || changed;
  changed = start('kubelet', log) || changed;
  changed = start('kube-proxy', log) || changed;
  await waitFor(`Node ${lab.seedNodeName} to be Ready`, () => nodeReady(lab.seedNodeName), 180_000, hint('kubelet'));
  log(`seed is up: https://${lab.hostAddress}:${lab.apiserverPort}, kubeconfig ${seedKubeconfig} (context edgeplane-lab)`);
  return changed;
}
