// A seed is a kubeconfig context that hosts control planes. The list of seeds is
// the only fleet state the extension keeps itself (in settings).

export interface SeedConfig {
  /** Display name, unique among seeds. */
  name: string;
  /** Context name in the kubeconfig. */
  context: string;
  /** Kubeconfig file; undefined means the default ($KUBECONFIG or ~/.kube/config). */
  kubeconfig?: string;
  /** Address devices use to reach NodePort Services of this seed; derived from the seed's nodes when unset. */
  exposeAddress?: string;
}

/** Labels and annotations by which Edgeplane recognises its objects in a seed. */
export const labels = {
  controlPlane: 'edgeplane.dev/control-plane',
  managedBy: 'app.kubernetes.io/managed-by',
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  version: 'app.kubernetes.io/version',
  site: 'edgeplane.dev/site',
  device: 'edgeplane.dev/device',
} as const;

export const annotations = {
  spec: 'edgeplane.dev/spec',
  endpoint: 'edgeplane.dev/endpoint',
  deleting: 'edgeplane.dev/deleting',
  createFailed: 'edgeplane.dev/create-failed',
  sshTarget: 'edgeplane.dev/ssh-target',
} as const;

export const managerName = 'edgeplane';
/** Namespace of a control plane in its seed. */
export const namespaceFor = (controlPlane: string): string => `edgeplane-${controlPlane}`;
