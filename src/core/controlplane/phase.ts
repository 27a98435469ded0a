// A control plane's phase, derived purely from what the seed shows (namespace,
// pods, workloads) and, optionally, a probe of its apiserver. The fleet model
// calls this from its watches; list calls it from one-shot reads.
import type { V1Deployment, V1Namespace, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { annotations } from '../seeds';
import { cpAnnotations, objectNames } from './names';
import type { ControlPlanePhase } from './types';

export interface ProbeResult {
  ok: boolean;
  /** Why it failed, for a person. */
  error?: string;
  latencyMs?: number;
}

export interface PhaseInput {
  namespace: Pick<V1Namespace, 'metadata' | 'status'>;
  pods?: Pick<V1Pod, 'metadata' | 'status'>[];
  statefulSets?: Pick<V1StatefulSet, 'metadata' | 'spec' | 'status'>[];
  deployments?: Pick<V1Deployment, 'metadata' | 'spec' | 'status'>[];
  /** Result of an apiserver /readyz (or /livez) probe through the exposed address, when one was made. */
  probe?: ProbeResult;
}

export interface DerivedPhase {
  phase: ControlPlanePhase;
  reason: string;
}

/** Waiting reasons that will not resolve by themselves. */
const stuckReasons = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** The first pod problem worth telling a person, e.g. "etcd-0: ErrImageNeverPull (...)". */
export function podProblem(pods: Pick<V1Pod, 'metadata' | 'status'>[]): string | undefined {
  for (const pod of pods) {
    const name = pod.metadata?.name ?? 'pod';
    if (pod.metadata?.deletionTimestamp) continue;
    for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      const waiting = cs.state?.waiting;
      if (waiting?.reason && stuckReasons.has(waiting.reason)) {
        const last = cs.lastState?.terminated;
        const detail = waiting.message ?? (last ? `last exit ${last.exitCode}${last.reason ? ` ${last.reason}` : ''}` : '');
        return `${name}/${cs.name}: ${waiting.reason}${detail ? ` (${truncate(detail)})` : ''}`;
      }
      if (cs.lastState?.terminated?.reason === 'OOMKilled' && !cs.ready) return `${name}/${cs.name}: OOMKilled (raise the size profile)`;
    }
    const unschedulable = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    if (unschedulable) return `${name}: not scheduled (${truncate(unschedulable.message ?? unschedulable.reason ?? 'unknown')})`;
  }
  return undefined;
}

const truncate = (s: string): string => (s.length > 160 ? `${s.slice(0, 157)}...` : s);

function workloadGaps(input: PhaseInput): string[] {
  const gaps: string[] = [];
  const sts = input.statefulSets?.find((s) => s.metadata?.name === objectNames.etcd);
  const want = sts?.spec?.replicas ?? 1;
  const etcdReady = sts?.status?.readyReplicas ?? 0;
  if (!sts) gaps.push('etcd not created yet');
  else if (etcdReady < want) gaps.push(`etcd ${etcdReady}/${want} ready`);
  const dep = input.deployments?.find((d) => d.metadata?.name === objectNames.controlPlane);
  if (!dep) gaps.push('apiserver, controller-manager and scheduler not created yet');
  else if ((dep.status?.readyReplicas ?? 0) < 1) gaps.push('apiserver, controller-manager or scheduler not ready');
  return gaps;
}

export function derivePhase(input: PhaseInput): DerivedPhase {
  const ns = input.namespace;
  const ann = ns.metadata?.annotations ?? {};
  if (ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating' || ann[annotations.deleting]) {
    return { phase: 'Deleting', reason: 'Being deleted.' };
  }
  const failed = ann[annotations.createFailed];
  if (failed) {
    const f = parseFailure(failed);
    return {
      phase: 'Degraded',
      reason: `Create failed at step "${f.step}": ${f.message}. Run create again to retry, or delete it to clean up.`,
    };
  }
  const problem = podProblem(input.pods ?? []);
  const gaps = workloadGaps(input);
  const everReady = Boolean(ann[cpAnnotations.readyAt]);
  if (!everReady) {
    if (problem) return { phase: 'Provisioning', reason: `Stuck: ${problem}.` };
    if (gaps.length > 0) return { phase: 'Provisioning', reason: `Waiting: ${gaps.join('; ')}.` };
    return { phase: 'Provisioning', reason: 'Waiting for the apiserver to answer through its exposed address.' };
  }
  if (gaps.length > 0) return { phase: 'Degraded', reason: `${problem ?? gaps.join('; ')}.` };
  if (input.probe && !input.probe.ok) {
    const where = ann[annotations.endpoint] ? ` at ${ann[annotations.endpoint]}` : '';
    return { phase: 'Unreachable', reason: `Pods are ready but the apiserver does not answer${where}: ${input.probe.error ?? 'no answer'}.` };
  }
  return { phase: 'Running', reason: problem ? `Running; ${problem}.` : 'All components ready.' };
}

export interface CreateFailure {
  step: string;
  message: string;
  at?: string;
}

export function parseFailure(raw: string): CreateFailure {
  try {
    const v = JSON.parse(raw) as Partial<CreateFailure>;
    return { step: v.step ?? 'unknown', message: v.message ?? raw, at: v.at };
  } catch {
    return { step: 'unknown', message: raw };
  }
}
