// What the new edge cluster needs so that a kubelet can join it with a
// bootstrap token: kubeadm's cluster-info ConfigMap and its bootstrap RBAC,
// bound to Edgeplane's token group instead of kubeadm's.
import type { KubernetesObject } from '@kubernetes/client-node';
import { clusterInfoKubeconfig } from '../pki/kubeconfigs';
import { labels, managerName } from '../seeds';
import { bootstrapTokenGroup } from './names';

const meta = (name: string, namespace?: string): Record<string, unknown> => ({
  name,
  ...(namespace ? { namespace } : {}),
  labels: { [labels.managedBy]: managerName, [labels.partOf]: 'edgeplane' },
});

const crb = (name: string, clusterRole: string, subject: { kind: 'Group' | 'User'; name: string }): KubernetesObject =>
  ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: meta(name),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }],
  }) as KubernetesObject;

const clusterRole = (name: string, rules: object[]): KubernetesObject =>
  ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(name), rules }) as KubernetesObject;

/**
 * Bindings earlier releases created and that must go on converge: automatic
 * approval of bootstrap client CSRs let any token holder become any node.
 */
export const obsoleteEdgeBindings = ['edgeplane:node-autoapprove-bootstrap'];

/** The objects, in apply order. `server` is the exposed https URL; `caPem` the cluster CA. */
export function edgeBootstrapObjects(server: string, caPem: string): KubernetesObject[] {
  return [
    // Signed by the bootstrapsigner controller for each token (jws-kubeconfig-<id> keys), read anonymously.
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cluster-info', 'kube-public'), data: { kubeconfig: clusterInfoKubeconfig(server, caPem) } } as KubernetesObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta('kubeadm:bootstrap-signer-clusterinfo', 'kube-public'),
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['cluster-info'], verbs: ['get'] }],
    } as KubernetesObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('kubeadm:bootstrap-signer-clusterinfo', 'kube-public'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kubeadm:bootstrap-signer-clusterinfo' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:anonymous' }],
    } as KubernetesObject,
    // Bootstrappers may create CSRs; their first client CSR is approved by Edgeplane's bootstrap,
    // for the joining device's node name only (see core/bootstrap/clientCsr.ts)...
    crb('edgeplane:kubelet-bootstrap', 'system:node-bootstrapper', { kind: 'Group', name: bootstrapTokenGroup }),
    // ...and the renewals of nodes' own client certificates are approved automatically.
    crb('edgeplane:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', { kind: 'Group', name: 'system:nodes' }),
    // A joining node may check whether a Node of its name exists (kubeadm:get-nodes).
    clusterRole('edgeplane:get-nodes', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]),
    crb('edgeplane:get-nodes', 'edgeplane:get-nodes', { kind: 'Group', name: bootstrapTokenGroup }),
    // The apiserver's kubelet client (logs, exec, node proxy for usage stats) is authorised at each kubelet.
    crb('edgeplane:apiserver-kubelet-client', 'system:kubelet-api-admin', { kind: 'User', name: 'kube-apiserver-kubelet-client' }),
    // Edgeplane's serving approver (runs with the control plane as the controller-manager's identity)
    // decides the renewals of kubelet serving certificates: read requests and Nodes, approve or deny
    // for the kubelet-serving signer only.
    clusterRole('edgeplane:kubelet-serving-approver', [
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'], verbs: ['update'] },
      { apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: ['kubernetes.io/kubelet-serving'], verbs: ['approve'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
    ]),
    crb('edgeplane:kubelet-serving-approver', 'edgeplane:kubelet-serving-approver', { kind: 'User', name: 'system:kube-controller-manager' }),
  ];
}
