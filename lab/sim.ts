// `lab sim add|remove`: simulated nodes for scale tests. N Node objects
// annotated kwok.x-k8s.io/node=fake are created in the target cluster, and one
// KWOK controller per cluster keeps them Ready and renews their Leases, so a
// benchmark gets N Nodes without N kubelets.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CoreV1Api, KubeConfig, type V1Node } from '@kubernetes/client-node';
import { ensureBinaries, kwokBin } from './build/binaries';
import { seedLogDir } from './config';
import { runningPid, startDaemon, stopDaemon, waitFor } from './util/run';
import { simDir } from './seed/paths';

export const simAnnotation = 'kwok.x-k8s.io/node';
export const simLabel = 'edgeplane.dev/simulated';

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

function fakeNode(name: string): V1Node {
  const resources = { cpu: '32', memory: '256Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [simAnnotation]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { [simLabel]: 'true', type: 'kwok', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
    },
    // Real workloads must not land on a node that runs nothing.
    spec: { taints: [{ key: simAnnotation, value: 'fake', effect: 'NoSchedule' }] },
    status: { allocatable: resources, capacity: resources },
  };
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
  const started = startDaemon({
    name: `kwok-${id}`,
    cmd: kwokBin(),
    args: [`--kubeconfig=${kubeconfigPath}`, `--manage-nodes-with-annotation-selector=${simAnnotation}=fake`, '--node-lease-duration-seconds=40', '--cidr=10.216.0.0/16'],
    pidFile: pidFileOf(id),
    logFile: join(seedLogDir, `kwok-${id}.log`),
    env: { ...process.env, HOME: simDir },
  });
  if (started) log(`started KWOK for ${kubeconfigPath} (log: ${join(seedLogDir, `kwok-${id}.log`)})`);
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const existing = new Set((await api.listNode({ labelSelector: `${simLabel}=true` })).items.map((n) => n.metadata?.name));
  for (const name of names) {
    if (!existing.has(name)) await api.createNode({ body: fakeNode(name) });
  }
  await waitFor(`${count} simulated nodes to be Ready`, async () => {
    const ready = (await api.listNode({ labelSelector: `${simLabel}=true` })).items.filter((n) => names.includes(n.metadata?.name ?? '') && isReady(n));
    return ready.length === count;
  }, 180_000, `see ${join(seedLogDir, `kwok-${id}.log`)}`);
  log(`${count} simulated node(s) ${prefix}-0..${count - 1} are Ready`);
}

async function simRemove(kubeconfigPath: string, log: (m: string) => void): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const api = kc.makeApiClient(CoreV1Api);
  const nodes = (await api.listNode({ labelSelector: `${simLabel}=true` })).items;
  for (const n of nodes) if (n.metadata?.name) await api.deleteNode({ name: n.metadata.name });
  const id = idOf(kubeconfigPath);
  await stopDaemon(pidFileOf(id));
  rmSync(recordOf(id), { force: true });
  log(`removed ${nodes.length} simulated node(s) and stopped their KWOK controller`);
}

export async function simCommand(args: string[], log: (m: string) => void): Promise<number> {
  const [verb, ...rest] = args;
  const file = flag(rest, '--kubeconfig');
  if ((verb !== 'add' && verb !== 'remove') || !file) {
    console.error('usage: lab sim add --kubeconfig FILE --count N [--prefix P] | lab sim remove --kubeconfig FILE');
    return 2;
  }
  const kubeconfigPath = resolve(file);
  if (verb === 'remove') {
    await simRemove(kubeconfigPath, log);
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
