// What the seed watch keeps of a control plane's namespace, pods and workloads:
// just the fields core's derivePhase reads (no managedFields, no specs).
import type { V1Deployment, V1Namespace, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { ControlPlaneSpec } from '../controlplane/types';
import { annotations, labels } from '../seeds';

export interface NamespaceFacts {
  name: string;
  controlPlane: string;
  endpoint?: string;
  spec?: ControlPlaneSpec;
  createdAt?: string;
  /** the stripped object derivePhase reads */
  raw: Pick<V1Namespace, 'metadata' | 'status'>;
}

export type PodLite = Pick<V1Pod, 'metadata' | 'status'>;
export type WorkloadLite = Pick<V1Deployment, 'metadata' | 'spec' | 'status'> & Pick<V1StatefulSet, 'metadata' | 'spec' | 'status'>;

const edgeplaneOnly = (a: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(a ?? {}).filter(([k]) => k.startsWith('edgeplane.dev/')));

export function namespaceFacts(raw: unknown): NamespaceFacts {
  const ns = raw as V1Namespace;
  const m = ns.metadata ?? {};
  const name = m.name ?? '';
  const a = edgeplaneOnly(m.annotations);
  let spec: ControlPlaneSpec | undefined;
  try {
    const text = a[annotations.spec];
    spec = text ? (JSON.parse(text) as ControlPlaneSpec) : undefined;
  } catch {
    spec = undefined;
  }
  return {
    name,
    controlPlane: m.labels?.[labels.controlPlane] || name.replace(/^edgeplane-/, ''),
    endpoint: a[annotations.endpoint],
    spec,
    createdAt: m.creationTimestamp ? new Date(m.creationTimestamp).toISOString() : undefined,
    raw: {
      metadata: { name, labels: m.labels, annotations: a, deletionTimestamp: m.deletionTimestamp },
      status: { phase: ns.status?.phase },
    },
  };
}

type ContainerStatus = NonNullable<NonNullable<V1Pod['status']>['containerStatuses']>[number];

const liteStatus = (cs: ContainerStatus): ContainerStatus => ({
  name: cs.name, ready: cs.ready, restartCount: cs.restartCount, image: '', imageID: '',
  state: cs.state?.waiting ? { waiting: cs.state.waiting } : cs.state?.running ? { running: {} } : cs.state,
  lastState: cs.lastState?.terminated ? { terminated: cs.lastState.terminated } : undefined,
});

export function podLite(raw: unknown): PodLite {
  const p = raw as V1Pod;
  return {
    metadata: { name: p.metadata?.name, deletionTimestamp: p.metadata?.deletionTimestamp },
    status: {
      phase: p.status?.phase,
      conditions: p.status?.conditions?.filter((c) => c.type === 'PodScheduled' || c.type === 'Ready'),
      containerStatuses: p.status?.containerStatuses?.map(liteStatus),
      initContainerStatuses: p.status?.initContainerStatuses?.map(liteStatus),
    },
  };
}

export function workloadLite(raw: unknown): WorkloadLite {
  const w = raw as V1Deployment;
  return {
    metadata: { name: w.metadata?.name },
    spec: { replicas: w.spec?.replicas } as WorkloadLite['spec'],
    status: { readyReplicas: w.status?.readyReplicas, replicas: w.status?.replicas } as WorkloadLite['status'],
  };
}
