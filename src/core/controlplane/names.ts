// Fixed names of the objects a control plane is made of, and the names that
// must be unique across clusters (kubeconfig users, clusters, contexts).
import { labels, managerName, namespaceFor } from '../seeds';

/** Group Edgeplane's bootstrap tokens carry (auth-extra-groups); the join RBAC is bound to it. */
export const bootstrapTokenGroup = 'system:bootstrappers:edgeplane:default-node-token';

export const objectNames = {
  pki: 'pki',
  adminKubeconfig: 'admin-kubeconfig',
  componentKubeconfigs: 'component-kubeconfigs',
  apiserverService: 'apiserver',
  controlPlane: 'control-plane',
  etcd: 'etcd',
  /** ConfigMap with the apiserver's EgressSelectorConfiguration (cluster traffic through the tunnel). */
  egressSelector: 'egress-selector',
  /** Per-member Services (etcd-0, etcd-1, ...): stable ClusterIPs reach members without cluster DNS. */
  etcdMember: (i: number): string => `etcd-${i}`,
} as const;

/** Annotations of this module beyond those in seeds.ts. */
export const cpAnnotations = {
  /** ISO time the apiserver first answered /readyz through the exposed address. */
  readyAt: 'edgeplane.dev/ready-at',
  /** "pvc:<storageClass>" or "emptyDir": how etcd keeps its data (fixed at first create). */
  etcdStorage: 'edgeplane.dev/etcd-storage',
  /** Hash of the configuration a pod template was rendered from, so changed certs roll the pods. */
  configHash: 'edgeplane.dev/config-hash',
} as const;

/** Kubeconfig-safe fragment from a seed's display name. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'seed';
}

/** Cluster and context name of an edge cluster in kubeconfigs: unique per seed and control plane. */
export const kubeconfigClusterName = (seed: string, cp: string): string => `edgeplane-${slug(seed)}-${cp}`;
/** A user name unique to the control plane: client-node caches credentials by user name. */
export const kubeconfigUserName = (seed: string, cp: string, role: string): string => `${kubeconfigClusterName(seed, cp)}-${role}`;

/** Recommended labels of every object of one control plane; `component` says which part. */
export function cpLabels(cp: string, component: string, version: string): Record<string, string> {
  return {
    [labels.name]: 'edgeplane-control-plane',
    [labels.instance]: cp,
    [labels.component]: component,
    [labels.partOf]: 'edgeplane',
    [labels.managedBy]: managerName,
    [labels.version]: version,
    [labels.controlPlane]: cp,
  };
}

/** Selector labels: a subset of cpLabels that never changes (selectors are immutable). */
export function selectorLabels(cp: string, component: string): Record<string, string> {
  return { [labels.instance]: cp, [labels.component]: component };
}

export { namespaceFor };
