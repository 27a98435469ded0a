// Kubeconfig documents with embedded credentials. They exist only in memory
// and in Secrets of the control plane's namespace (or a file the person asked for).
import { stringify } from 'yaml';

export interface KubeconfigInput {
  clusterName: string;
  userName: string;
  /** Context name; defaults to the cluster name. */
  contextName?: string;
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export function buildKubeconfig(k: KubeconfigInput): string {
  const context = k.contextName ?? k.clusterName;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: k.clusterName, cluster: { server: k.server, 'certificate-authority-data': b64(k.caPem) } }],
    users: [{ name: k.userName, user: { 'client-certificate-data': b64(k.certPem), 'client-key-data': b64(k.keyPem) } }],
    contexts: [{ name: context, context: { cluster: k.clusterName, user: k.userName } }],
    'current-context': context,
    preferences: {},
  });
}

/** The public kubeconfig kubeadm puts in kube-public/cluster-info: CA and server, no user. */
export function clusterInfoKubeconfig(server: string, caPem: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: '', cluster: { server, 'certificate-authority-data': b64(caPem) } }],
    contexts: [],
    'current-context': '',
    preferences: {},
    users: [],
  });
}
