// What the seed watch keeps of a control plane's namespace, pods and workloads,
// and a local phase rule used until core's controlplane module exports derivePhase.
import type { ControlPlanePhase, ControlPlaneSpec } from '../controlplane/types';
import { annotations, labels } from '../seeds';

export interface NamespaceFacts {
  name: string;
  controlPlane: string;
  deleting: boolean;
  createFailed?: string;
  endpoint?: string;
  spec?: ControlPlaneSpec;
  createdAt?: string;
}

export interface PodFacts {
  name: string;
  phase?: string;
  ready: boolean;
  /** e.g. CrashLoopBackOff, ImagePullBackOff: the first waiting/terminated reason of a container */
  problem?: string;
}

export interface WorkloadFacts {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  replicas: number;
  readyReplicas: number;
}

interface RawMeta {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string>; deletionTimestamp?: string; creationTimestamp?: string };
}

export function namespaceFacts(raw: unknown): NamespaceFacts {
  const m = (raw as RawMeta).metadata ?? {};
  const name = m.name ?? '';
  const a = m.annotations ?? {};
  let spec: ControlPlaneSpec | undefined;
  try {
    spec = a[annotations.spec] ? (JSON.parse(a[annotations.spec]!) as ControlPlaneSpec) : undefined;
  } catch {
    spec = undefined;
  }
  return {
    name,
    controlPlane: m.labels?.[labels.controlPlane] || name.replace(/^edgeplane-/, ''),
    deleting: Boolean(m.deletionTimestamp) || a[annotations.deleting] !== undefined,
    createFailed: a[annotations.createFailed],
    endpoint: a[annotations.endpoint],
    spec,
    createdAt: m.creationTimestamp,
  };
}

interface RawPod extends RawMeta {
  status?: {
    phase?: string;
    conditions?: { type?: string; status?: string }[];
    containerStatuses?: { state?: { waiting?: { reason?: string }; terminated?: { reason?: string } } }[];
  };
}

export function podFacts(raw: unknown): PodFacts {
  const p = raw as RawPod;
  let problem: string | undefined;
  for (const c of p.status?.containerStatuses ?? []) {
    const r = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (r && r !== 'ContainerCreating' && r !== 'PodInitializing' && r !== 'Completed') {
      problem = r;
      break;
    }
  }
  return {
    name: p.metadata?.name ?? '',
    phase: p.status?.phase,
    ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    problem,
  };
}

export function workloadFacts(kind: WorkloadFacts['kind'], raw: unknown): WorkloadFacts {
  const w = raw as RawMeta & { spec?: { replicas?: number }; status?: { readyReplicas?: number } };
  return { kind, name: w.metadata?.name ?? '', replicas: w.spec?.replicas ?? 1, readyReplicas: w.status?.readyReplicas ?? 0 };
}

export interface PhaseInputs {
  ns: NamespaceFacts;
  pods: PodFacts[];
  workloads: WorkloadFacts[];
  /** undefined until the edge apiserver was probed */
  apiserverReachable?: boolean;
  now: number;
  /** how long a control plane may take to start before it counts as degraded */
  provisioningGraceMs?: number;
}

/** Local stand-in for core's derivePhase (issue 4); replaced when that lands. */
export function fallbackPhase(i: PhaseInputs): { phase: ControlPlanePhase; reason: string } {
  if (i.ns.deleting) return { phase: 'Deleting', reason: 'The control plane is being deleted.' };
  if (i.ns.createFailed) return { phase: 'Degraded', reason: `Create failed: ${i.ns.createFailed}` };
  const broken = i.pods.find((p) => p.problem);
  if (broken) return { phase: 'Degraded', reason: `${broken.name} is ${broken.problem}` };
  const notReady = i.workloads.filter((w) => w.readyReplicas < w.replicas);
  const age = i.ns.createdAt ? i.now - Date.parse(i.ns.createdAt) : 0;
  if (i.workloads.length === 0 || notReady.length > 0) {
    const what = i.workloads.length === 0 ? 'no workloads yet' : `${notReady.map((w) => `${w.name} ${w.readyReplicas}/${w.replicas}`).join(', ')} ready`;
    if (age > (i.provisioningGraceMs ?? 10 * 60_000) && i.workloads.length > 0) return { phase: 'Degraded', reason: `Not all parts are ready: ${what}.` };
    return { phase: 'Provisioning', reason: `Starting: ${what}.` };
  }
  if (i.apiserverReachable === false) return { phase: 'Unreachable', reason: 'The pods run, but the apiserver does not answer through its exposed address.' };
  return { phase: 'Running', reason: 'All parts are ready.' };
}
