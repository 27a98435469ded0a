// `lab sim add|remove`: simulated nodes for scale tests. N Node objects
// annotated kwok.x-k8s.io/node=fake are created in the target cluster, with a
// full status (Ready, nodeInfo, addresses, capacity) so Edgeplane keeps what it
// keeps for a real node, and one KWOK controller per cluster keeps them Ready
// and renews their Leases: a benchmark gets N Nodes without N kubelets.
// The fleet test and benchmark use the same functions on their scratch apiserver.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CoreV1Api, KubeConfig, type V1Node } from '@kubernetes/client-node';
import { retryTransient } from '../src/core/kube/client';
import { ensureBinaries, kwokBin } from './build/binaries';
import { kubernetesVersion, kwokVersion, seedLogDir, simDir } from './config';
import { runningPid, startDaemon, stopDaemon, waitFor } from './util/run';

export const simAnnotation = 'kwok.x-k8s.io/node';
export const simLabel = 'edgeplane.dev/simulated';
export const simPrefixLabel = 'edgeplane.dev/sim-prefix';
/** Simulated nodes spread over this many sites (the tree groups by the site label). */
const sites = 20;

interface SimRecord {
  name: string;
  kubeconfig: string;
}

const idOf = (kubeconfig: string): string => createHash('sha256').update(kubeconfig).digest('hex').slice(0, 12);
const pidFileOf = (id: string): string => join(simDir, `${id}.pid`);
const recordOf = (id: string): string => join(simDir, `${id}.json`);

export function listSims(): Array<SimRecord & { pid: number | undefined }> {
  if (!existsSync(simDir)) return [];
  return readdirSync(simDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const rec = JSON.parse(readFileSync(join(simDir, f), 'utf8')) as SimRecord;
      return { ...rec, pid: runningPid(pidFileOf(f.replace(/\.json$/, ''))) };
    });
}

export async function stopAllSims(): Promise<number> {
  if (!existsSync(simDir)) return 0;
  let n = 0;
  for (const f of readdirSync(simDir).filter((x) => x.endsWith('.pid'))) {
    if (await stopDaemon(join(simDir, f))) n++;
  }
  rmSync(simDir, { recursive: true, force: true });
  return n;
}

/** Node `i` of `prefix`: Ready from the start, so it counts even before KWOK first renews it. */
export function simNode(prefix: string, i: number): V1Node {
  const name = `${prefix}-${i}`;
  const resources = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  const now = new Date();
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [simAnnotation]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        [simLabel]: 'true', [simPrefixLabel]: prefix, 'edgeplane.dev/site': `site-${i % sites}`, type: 'kwok',
        'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64',
      },
    },
    // Real workloads must not land on a node that runs nothing.
    spec: { taints: [{ key: simAnnotation, value: 'fake', effect: 'NoSchedule' }] },
    status: {
      allocatable: resources, capacity: resources,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'simulated', lastHeartbeatTime: now, lastTransitionTime: now }],
      nodeInfo: {
        kubeletVersion: kubernetesVersion, operatingSystem: 'linux', architecture: 'arm64', containerRuntimeVersion: 'containerd://1.6.20',
        kernelVersion: '6.1.0', osImage: 'Debian GNU/Linux 12', kubeProxyVersion: '', bootID: '', machineID: '', systemUUID: '',
      },
      // Inside the lab's range, on no link: the host's `unreachable 10.213.0.0/16` route fails
      // an apiserver's dial to this "kubelet" at once, and nothing leaves the machine.
      addresses: [{ type: 'InternalIP', address: `10.213.${200 + (Math.floor(i / 250) % 50)}.${(i % 250) + 1}` }, { type: 'Hostname', address: name }],
    },
  };
}

/** Creates nodes PREFIX-from .. PREFIX-(count-1) with bounded concurrency; existing ones are kept. */
export async function createSimNodes(kc: KubeConfig, count: number, prefix: string, concurrency = 16, from = 0): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  let next = from;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      try {
        // Thousands of creates in a row on a 2-core lab: a refused or reset connection is tried again.
        await retryTransient(() => core.createNode({ body: simNode(prefix, i) }), { timeoutMs: 60_000, pauseMs: 1000 });
      } catch (err) {
        if ((err as { code?: number }).code !== 409) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Deletes the simulated nodes of `prefix` (or all of them) in one request; answers how many there were. */
export async function deleteSimNodes(kc: KubeConfig, prefix?: string): Promise<number> {
  const core = kc.makeApiClient(CoreV1Api);
  const labelSelector = prefix ? `${simLabel}=true,${simPrefixLabel}=${prefix}` : `${simLabel}=true`;
  const n = (await core.listNode({ labelSelector })).items.length;
  if (n > 0) await core.deleteCollectionNode({ labelSelector });
  return n;
}

/**
 * KWOK v0.8.0 refuses to start without stages ("no stages found"): hand it the
 * node stages its own module ships (initialise, heartbeat with lease).
 */
function kwokStagesFile(dir: string): string {
  const out = execFileSync('go', ['mod', 'download', '-json', `sigs.k8s.io/kwok@${kwokVersion}`], { encoding: 'utf8', cwd: dir });
  const mod = join((JSON.parse(out) as { Dir: string }).Dir, 'kustomize', 'stage', 'node');
  const file = join(dir, 'kwok-stages.yaml');
  const docs = ['fast/node-initialize.yaml', 'heartbeat-with-lease/node-heartbeat-with-lease.yaml'].map((f) => readFileSync(join(mod, f), 'utf8'));
  writeFileSync(file, docs.join('\n---\n'));
  return file;
}

export interface KwokOptions {
  kubeconfigPath: string;
  pidFile: string;
  logFile: string;
  /** KWOK's HOME and where its stages file goes. */
  dir: string;
  /** Pod range for the simulated nodes, apart from every real one. */
  cidr: string;
}

/** Starts a KWOK controller for the simulated nodes of one cluster; false when one runs already. */
export function startKwok(o: KwokOptions): boolean {
  if (runningPid(o.pidFile) !== undefined) return false;
  mkdirSync(o.dir, { recursive: true });
  return startDaemon({
    name: 'kwok', cmd: kwokBin(), pidFile: o.pidFile, logFile: o.logFile,
    args: [
      `--kubeconfig=${o.kubeconfigPath}`, `--config=${kwokStagesFile(o.dir)}`, `--manage-nodes-with-annotation-selector=${simAnnotation}=fake`,
      '--node-lease-duration-seconds=40', `--cidr=${o.cidr}`,
    ],
    env: { ...process.env, HOME: o.dir },
  });
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

function isReady(n: V1Node): boolean {
  return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

async function simAdd(kubeconfigPath: string, count: number, prefix: string, log: (m: string) => void): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const api = kc.makeApiClient(CoreV1Api);
  const id = idOf(kubeconfigPath);
  ensureBinaries(log);
  mkdirSync(simDir, { recursive: true });
  writeFileSync(recordOf(id), JSON.stringify({ name: prefix, kubeconfig: kubeconfigPath } satisfies SimRecord));
  const logFile = join(seedLogDir, `kwok-${id}.log`);
  if (startKwok({ kubeconfigPath, pidFile: pidFileOf(id), logFile, dir: simDir, cidr: '10.216.0.0/16' })) log(`started KWOK for ${kubeconfigPath} (log: ${logFile})`);
  await createSimNodes(kc, count, prefix);
  const names = new Set(Array.from({ length: count }, (_, i) => `${prefix}-${i}`));
  await waitFor(`${count} simulated nodes to be Ready`, async () => {
    const ready = (await api.listNode({ labelSelector: `${simPrefixLabel}=${prefix}` })).items.filter((n) => names.has(n.metadata?.name ?? '') && isReady(n));
    return ready.length === count;
  }, 180_000, `see ${logFile}`);
  log(`${count} simulated node(s) ${prefix}-0..${count - 1} are Ready`);
}

/** Removes the simulated nodes (those of one prefix, or all); KWOK stops when none remain. */
async function simRemove(kubeconfigPath: string, prefix: string | undefined, log: (m: string) => void): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  log(`removed ${await deleteSimNodes(kc, prefix)} simulated node(s)`);
  const left = (await kc.makeApiClient(CoreV1Api).listNode({ labelSelector: `${simLabel}=true` })).items.length;
  if (left > 0) return;
  const id = idOf(kubeconfigPath);
  if (await stopDaemon(pidFileOf(id))) log('stopped the KWOK controller');
  rmSync(recordOf(id), { force: true });
}

export async function simCommand(args: string[], log: (m: string) => void): Promise<number> {
  const [verb, ...rest] = args;
  const file = flag(rest, '--kubeconfig');
  if ((verb !== 'add' && verb !== 'remove') || !file) {
    console.error('usage: lab sim add --kubeconfig FILE --count N [--prefix P] | lab sim remove --kubeconfig FILE [--prefix P]');
    return 2;
  }
  const kubeconfigPath = resolve(file);
  if (verb === 'remove') {
    await simRemove(kubeconfigPath, flag(rest, '--prefix'), log);
    return 0;
  }
  const count = Number(flag(rest, '--count') ?? '');
  if (!Number.isInteger(count) || count < 1) {
    console.error('lab sim add: --count must be a positive whole number');
    return 2;
  }
  const prefix = flag(rest, '--prefix') ?? 'sim-node';
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(prefix)) {
    console.error('lab sim add: --prefix must be a DNS label (lower-case letters, digits, -)');
    return 2;
  }
  await simAdd(kubeconfigPath, count, prefix, log);
  return 0;
}
