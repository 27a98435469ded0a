// Services come first: their allocated ClusterIPs and nodePort go into the
// certificates and flags. Nothing here needs cluster DNS in the seed.
import type { KubernetesObject } from '@kubernetes/client-node';
import { cpLabels, objectNames, selectorLabels } from '../names';
import type { ControlPlaneSpec } from '../types';
import { tunnelPorts } from '../../tunnel/names';

export const etcdClientPort = 2379;
export const etcdPeerPort = 2380;
/** Service port of the apiserver inside the seed, and the listen port with LoadBalancer exposure. */
export const apiserverServicePort = 6443;
/** Service port of the Konnectivity server's agent side (what devices dial with LoadBalancer exposure). */
export const tunnelServicePort = tunnelPorts.agent;

/**
 * One ClusterIP Service per etcd member, selecting that member's pod: a stable
 * address per member that survives pod restarts, reachable without DNS.
 * publishNotReadyAddresses lets members find each other before they have quorum.
 */
export function etcdMemberServices(spec: ControlPlaneSpec, namespace: string): KubernetesObject[] {
  return Array.from({ length: spec.etcdMembers }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: objectNames.etcdMember(i), namespace, labels: cpLabels(spec.name, 'etcd', spec.version) },
    spec: {
      type: 'ClusterIP',
      publishNotReadyAddresses: true,
      selector: { ...selectorLabels(spec.name, 'etcd'), 'statefulset.kubernetes.io/pod-name': `${objectNames.etcd}-${i}` },
      ports: [
        { name: 'client', port: etcdClientPort, targetPort: etcdClientPort, protocol: 'TCP' },
        { name: 'peer', port: etcdPeerPort, targetPort: etcdPeerPort, protocol: 'TCP' },
      ],
    },
  }));
}

/**
 * The apiserver's Service. With NodePort, the first apply lets the seed pick a
 * nodePort (`nodePort` undefined); the second pins it and points targetPort at
 * it, because the apiserver then listens on that same port in its pod, so that
 * the edge cluster's own `kubernetes` endpoint (advertise-address:secure-port)
 * is the address devices reach. The tunnel's port rides on the same Service
 * (same kind, same address); its nodePort, once allocated, is pinned too, so a
 * re-apply never moves it under the agents.
 */
export function apiserverService(spec: ControlPlaneSpec, namespace: string, nodePort?: number, tunnelNodePort?: number): KubernetesObject {
  const port =
    spec.exposure === 'NodePort'
      ? nodePort === undefined
        ? { name: 'https', port: apiserverServicePort, protocol: 'TCP', targetPort: apiserverServicePort }
        : { name: 'https', port: apiserverServicePort, protocol: 'TCP', targetPort: nodePort, nodePort }
      : { name: 'https', port: apiserverServicePort, protocol: 'TCP', targetPort: apiserverServicePort };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: objectNames.apiserverService, namespace, labels: cpLabels(spec.name, 'apiserver', spec.version) },
    spec: {
      type: spec.exposure,
      selector: selectorLabels(spec.name, 'control-plane'),
      ports: [port, { name: 'tunnel', port: tunnelServicePort, protocol: 'TCP', targetPort: tunnelPorts.agent, ...(spec.exposure === 'NodePort' && tunnelNodePort !== undefined ? { nodePort: tunnelNodePort } : {}) }],
    },
  } as KubernetesObject;
}
