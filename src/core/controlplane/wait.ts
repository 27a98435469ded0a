// Waiting until a control plane's apiserver answers /readyz through the
// address devices use, reporting what it waits for and failing early on pods
// that cannot start by themselves.
import type { KubeConfig } from '@kubernetes/client-node';
import { UserFacingError, throwIfAborted } from '../errors';
import { connectSeed, type ClusterClients } from '../kube/client';
import { noProgress, type Progress } from '../ports';
import { namespaceFor, type SeedConfig } from '../seeds';
import { getAdminKubeConfig } from './access';
import { objectNames } from './names';
import { podProblem } from './phase';
import { probeApiserver } from './probe';
import { sleep } from '../sleep';
import type { StepContext } from '../steps';
import type { ControlPlaneSpec } from './types';

export interface WaitOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Images of the control plane, named in the hint when a pull fails. */
  images: string[];
  /** What it waits for, under the label "etcd" until etcd is ready, then "apiserver". */
  say: StepContext['say'];
  pollMs?: number;
}

const imageProblem = /ImagePull|ErrImage|InvalidImageName/;
/** Image errors get this long to clear (a slow registry) before create gives up. */
const imageGraceMs = 30_000;

/** Returns what it saw last: the apiserver answering /readyz, and how fast. */
export async function waitForWorkloadsAndApiserver(c: ClusterClients, admin: KubeConfig, spec: ControlPlaneSpec, namespace: string, o: WaitOptions): Promise<string> {
  const deadline = Date.now() + o.timeoutMs;
  let etcdReported = false;
  let apiserverReported = false;
  let imageIssueSince: number | undefined;
  let lastProblem: string | undefined;
  let lastProbeError: string | undefined;
  o.say(`Waiting for etcd (${spec.etcdMembers} member${spec.etcdMembers > 1 ? 's' : ''})...`, 'etcd');
  for (;;) {
    throwIfAborted(o.signal);
    const pods = (await c.core.listNamespacedPod({ namespace })).items;
    const problem = podProblem(pods);
    if (problem && problem !== lastProblem) o.say(`Waiting: ${problem}`, etcdReported ? 'apiserver' : 'etcd');
    lastProblem = problem;
    if (problem && imageProblem.test(problem)) {
      imageIssueSince ??= Date.now();
      if (Date.now() - imageIssueSince > imageGraceMs) throw stuck(problem, o.images);
    } else imageIssueSince = undefined;
    if (!etcdReported) {
      const sts = await c.apps.readNamespacedStatefulSet({ name: objectNames.etcd, namespace });
      if ((sts.status?.readyReplicas ?? 0) >= spec.etcdMembers) {
        etcdReported = true;
        o.say(`etcd is ready (${spec.etcdMembers} member${spec.etcdMembers > 1 ? 's' : ''}).`, 'etcd');
      }
    }
    const probe = await probeApiserver(admin, '/readyz', 3000);
    if (probe.ok) {
      if (!etcdReported) o.say('etcd is ready.', 'etcd');
      return `The apiserver answers /readyz at ${admin.getCurrentCluster()?.server} (${probe.latencyMs} ms).`;
    }
    if (!apiserverReported && etcdReported) {
      apiserverReported = true;
      o.say('Waiting for the apiserver to answer through its exposed address...', 'apiserver');
    }
    lastProbeError = probe.error;
    if (Date.now() > deadline) {
      const warning = await lastWarning(c, namespace);
      throw new UserFacingError(
        'cp-not-ready',
        `The apiserver of "${spec.name}" did not become ready within ${Math.round(o.timeoutMs / 1000)} s (last probe: ${lastProbeError ?? 'none'}${lastProblem ? `; ${lastProblem}` : ''}${warning ? `; last warning: ${warning}` : ''}).`,
        `Look at the pods in the seed (kubectl get pods -n ${namespace}) and their events and logs.`,
      );
    }
    await sleep(o.pollMs ?? 1000, o.signal);
  }
}

/** The newest Warning event of the namespace ("etcd-0: FailedCreatePodSandBox: ..."), if any. */
async function lastWarning(c: ClusterClients, namespace: string): Promise<string | undefined> {
  try {
    const events = (await c.core.listNamespacedEvent({ namespace, fieldSelector: 'type=Warning' })).items.filter((e) => e.reason !== 'MissingClusterDNS');
    const time = (e: (typeof events)[number]): number => new Date(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? 0).getTime();
    const last = events.sort((a, b) => time(a) - time(b)).at(-1);
    if (!last) return undefined;
    const msg = last.message ?? '';
    return `${last.involvedObject?.name}: ${last.reason}: ${msg.length > 200 ? `${msg.slice(0, 197)}...` : msg}`;
  } catch {
    return undefined;
  }
}

function stuck(problem: string, images: string[]): UserFacingError {
  return new UserFacingError(
    'cp-image-unavailable',
    `A control-plane pod cannot get its image: ${problem}.`,
    `The seed must be able to pull ${images.join(', ')}: set an image registry it can reach, or load the images onto its nodes.`,
  );
}

/** Waits for an existing control plane to answer /readyz through its exposed address. */
export async function waitForControlPlaneReady(
  seed: SeedConfig,
  name: string,
  opts: { signal?: AbortSignal; progress?: Progress; timeoutMs?: number } = {},
): Promise<void> {
  const c = connectSeed(seed);
  const admin = await getAdminKubeConfig(seed, name);
  const progress = opts.progress ?? noProgress;
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  for (;;) {
    throwIfAborted(opts.signal);
    const probe = await probeApiserver(admin, '/readyz', 3000);
    if (probe.ok) {
      progress.report({ message: `"${name}" is ready.`, increment: 100 });
      return;
    }
    const pods = (await c.core.listNamespacedPod({ namespace: namespaceFor(name) })).items;
    progress.report({ message: `Waiting for "${name}": ${podProblem(pods) ?? probe.error ?? 'not ready yet'}` });
    if (Date.now() > deadline) {
      throw new UserFacingError('cp-not-ready', `"${name}" is not ready: ${probe.error ?? 'no answer'}.`, `Look at the pods in namespace ${namespaceFor(name)} of the seed and their logs.`);
    }
    await sleep(1000, opts.signal);
  }
}
