// What the edge cluster holds for the tunnel: the agents' ServiceAccount (each
// device gets its own token for it, bound to its Node), the server's right to
// review those tokens, and the tunnel's port for bootstrap to read.
import type { KubernetesObject } from '@kubernetes/client-node';
import { labels, managerName } from '../seeds';
import { agentServiceAccount, serverUser, tunnelConfigMap } from './names';

const meta = (name: string, namespace?: string): Record<string, unknown> => ({
  name,
  ...(namespace ? { namespace } : {}),
  labels: { [labels.managedBy]: managerName, [labels.partOf]: 'edgeplane' },
});

export function tunnelEdgeObjects(tunnelPort: number): KubernetesObject[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(agentServiceAccount.name, agentServiceAccount.namespace), automountServiceAccountToken: false } as KubernetesObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta('edgeplane:konnectivity-server-auth-delegator'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: serverUser }],
    } as KubernetesObject,
    // The port only: the host is the one the device already reaches the apiserver at.
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(tunnelConfigMap, agentServiceAccount.namespace), data: { port: String(tunnelPort) } } as KubernetesObject,
  ];
}
