// What the manifests are rendered from: everything create has learnt from the
// seed (ClusterIPs, ports, the exposed address, storage) plus the spec.
import type { ControlPlaneSpec, SizeProfile } from '../types';
import type { Images } from '../spec';

export type EtcdStorage = { kind: 'pvc'; storageClass: string; size: string } | { kind: 'emptyDir' };

/** Knobs that trade memory for speed; measured in bench/controlplane. */
export interface Tuning {
  /** GOGC for every component; lower collects more often and keeps less garbage resident. */
  gogc?: number;
  /**
   * GOMAXPROCS: without a CPU limit Go sizes itself to the seed node's cores, and
   * each extra P costs memory (caches, GC workers) that a small cluster never uses.
   */
  gomaxprocs?: number;
  /** Soft memory limit as a share of the container's memory limit (0..1), sets GOMEMLIMIT. */
  goMemLimitShare?: number;
  /** Extra apiserver flags, e.g. no watch cache. */
  apiserverFlags?: string[];
  /** Extra controller-manager flags, e.g. fewer workers per controller. */
  controllerManagerFlags?: string[];
  /** Controllers of the default set to leave off. */
  disabledControllers?: string[];
  etcdFlags?: string[];
}

// GOMEMLIMIT stays a safety valve near the container limit: set close to the
// live heap it makes the collector run without pause (measured: 1.5 cores at
// 140 MiB for a compact control plane whose live heap is ~105 MB).
export const defaultTuning: Tuning = {
  gogc: 50,
  goMemLimitShare: 0.8,
  apiserverFlags: [],
  etcdFlags: [],
};

/**
 * What each size profile runs with. "small" is for a handful of nodes: the
 * apiserver needs no watch cache (its few watchers are served by etcd) and no
 * priority and fairness (max-inflight limits still hold); the controllers need
 * few workers; and the admission-policy type checker, which keeps its own copy
 * of every OpenAPI schema (~7 MB), is left off (policies are still enforced).
 */
export function tuningFor(size: SizeProfile): Tuning {
  if (size !== 'small') return defaultTuning;
  return {
    ...defaultTuning,
    // Measured on a compact control plane (bench/controlplane): GOGC 50 -> 251 MiB,
    // 20 -> 229 MiB, 10 -> 214 MiB, each at 2-3 % of a core when idle.
    gogc: 10,
    gomaxprocs: 2,
    // The per-resource object-count poll only feeds the apiserver_storage_objects metric.
    apiserverFlags: ['--watch-cache=false', '--enable-priority-and-fairness=false', '--etcd-count-metric-poll-period=0'],
    controllerManagerFlags: [
      '--concurrent-gc-syncs=2',
      '--concurrent-namespace-syncs=2',
      '--concurrent-deployment-syncs=2',
      '--concurrent-replicaset-syncs=2',
      '--concurrent-statefulset-syncs=2',
      '--concurrent-job-syncs=2',
      '--concurrent-cron-job-syncs=2',
      '--concurrent-endpoint-syncs=2',
      '--concurrent-service-endpoint-syncs=2',
      '--concurrent-serviceaccount-token-syncs=2',
      '--concurrent-resource-quota-syncs=2',
      '--concurrent-rc-syncs=2',
      '--concurrent-ttl-after-finished-syncs=2',
      '--concurrent-ephemeralvolume-syncs=2',
      '--concurrent-horizontal-pod-autoscaler-syncs=2',
    ],
    disabledControllers: ['validatingadmissionpolicy-status-controller'],
  };
}

export interface RenderInput {
  seed: string;
  spec: ControlPlaneSpec;
  namespace: string;
  images: Images;
  /** ClusterIP of each etcd member's Service, by member index. */
  etcdIps: string[];
  /** The port the apiserver listens on in its pod and that devices use (the nodePort with NodePort exposure). */
  apiserverPort: number;
  /** The exposed address when it is an IP: advertised in the edge cluster's `kubernetes` Service. */
  advertiseAddress?: string;
  etcdStorage: EtcdStorage;
  /** Hash of the certificates and kubeconfigs: changes roll the pods. */
  configHash: string;
  tuning: Tuning;
}

/** Kubernetes quantity ("256Mi", "1Gi") to bytes. */
export function quantityBytes(q: string): number {
  const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(q);
  if (!m) throw new Error(`unsupported quantity ${q}`);
  const mult = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[m[2] as 'Ki' | 'Mi' | 'Gi'] ?? 1;
  return Number(m[1]) * mult;
}

export function goEnv(limit: string, tuning: Tuning): { name: string; value: string }[] {
  const env: { name: string; value: string }[] = [];
  if (tuning.gogc !== undefined) env.push({ name: 'GOGC', value: String(tuning.gogc) });
  if (tuning.gomaxprocs !== undefined) env.push({ name: 'GOMAXPROCS', value: String(tuning.gomaxprocs) });
  if (tuning.goMemLimitShare !== undefined) {
    env.push({ name: 'GOMEMLIMIT', value: String(Math.floor(quantityBytes(limit) * tuning.goMemLimitShare)) });
  }
  return env;
}
