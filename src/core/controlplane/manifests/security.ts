// How the control-plane pods run, and who may reach them. Every component
// runs as a non-root user with no privilege escalation, no capabilities and a
// read-only root filesystem; the NetworkPolicies admit, from outside the
// namespace, only the apiserver's port and the tunnel's (Konnectivity agents). Inside it (apiserver -> etcd, etcd
// peers) everything stays open.
import type { KubernetesObject } from '@kubernetes/client-node';
import { cpAnnotations, cpLabels, selectorLabels } from '../names';
import type { ControlPlaneSpec } from '../types';
import { tunnelPorts } from '../../tunnel/names';

/** distroless's "nonroot": the upstream images run fine as any user that can read their keys. */
export const controlPlaneUid = 65532;

/** Pod-level: fsGroup makes the Secret volumes (0400) group-readable for that user, and etcd's data dir writable. */
export const podSecurityContext = {
  runAsNonRoot: true,
  runAsUser: controlPlaneUid,
  runAsGroup: controlPlaneUid,
  fsGroup: controlPlaneUid,
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * A control-plane pod template: its labels, the config hash whose change rolls it, no
 * service-account token or service links, the node's DNS (nothing here resolves
 * cluster names: peers and etcd are reached by IP or /etc/hosts), the pod security context.
 */
export function controlPlanePodTemplate(spec: ControlPlaneSpec, component: string, configHash: string, podSpec: Record<string, unknown>): object {
  return {
    metadata: { labels: cpLabels(spec.name, component, spec.version), annotations: { [cpAnnotations.configHash]: configHash } },
    spec: { automountServiceAccountToken: false, enableServiceLinks: false, dnsPolicy: 'Default', securityContext: podSecurityContext, ...podSpec },
  };
}

export const containerSecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

export const networkPolicyNames = { sameNamespace: 'edgeplane-same-namespace', apiserver: 'edgeplane-apiserver' } as const;

/**
 * Two policies, which together admit: any traffic from pods of this namespace (etcd
 * peers, apiserver -> etcd), and from anywhere only TCP `apiserverPort` and the tunnel port to the
 * control-plane pod. Selecting every pod of the namespace makes all other ingress
 * denied where the seed enforces NetworkPolicy. Kubelet probes come from the node,
 * which common implementations always admit.
 */
export function networkPolicies(spec: ControlPlaneSpec, namespace: string, apiserverPort: number, tunnelPort = tunnelPorts.agent): KubernetesObject[] {
  const meta = (name: string): object => ({ name, namespace, labels: cpLabels(spec.name, 'network-policy', spec.version) });
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(networkPolicyNames.sameNamespace),
      // "_from": client-node serializes objects by its model's attribute names and silently drops
      // "from" (a reserved word in its generated code), which would leave an allow-all rule.
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ _from: [{ podSelector: {} }] }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(networkPolicyNames.apiserver),
      spec: {
        podSelector: { matchLabels: selectorLabels(spec.name, 'control-plane') },
        policyTypes: ['Ingress'],
        ingress: [{ ports: [{ protocol: 'TCP', port: apiserverPort }, { protocol: 'TCP', port: tunnelPort }] }],
      },
    },
  ] as unknown as KubernetesObject[];
}
