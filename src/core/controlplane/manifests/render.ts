// What the manifests are rendered from: everything create has learnt from the
// seed (ClusterIPs, ports, the exposed address, storage) plus the spec.
import type { ControlPlaneSpec } from '../types';
import type { Images } from '../spec';

export type EtcdStorage = { kind: 'pvc'; storageClass: string; size: string } | { kind: 'emptyDir' };

/** Knobs that trade memory for speed; measured in bench/controlplane. */
export interface Tuning {
  /** GOGC for every component; lower collects more often and keeps less garbage resident. */
  gogc?: number;
  /** Soft memory limit as a share of the container's memory limit (0..1), sets GOMEMLIMIT. */
  goMemLimitShare?: number;
  /** Extra apiserver flags, e.g. a smaller watch cache. */
  apiserverFlags?: string[];
  etcdFlags?: string[];
}

export const defaultTuning: Tuning = {
  gogc: 50,
  goMemLimitShare: 0.8,
  apiserverFlags: [],
  etcdFlags: [],
};

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
  if (tuning.goMemLimitShare !== undefined) {
    env.push({ name: 'GOMEMLIMIT', value: String(Math.floor(quantityBytes(limit) * tuning.goMemLimitShare)) });
  }
  return env;
}
