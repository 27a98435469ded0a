// The Konnectivity server beside the apiserver: devices behind NAT dial out to
// it (agent port, TLS with the control plane's CA), and the apiserver sends its
// "cluster" traffic (logs, exec, port-forward, node proxy) through it over a
// Unix socket in a volume the two containers share, so that hop needs no
// certificates and never leaves the pod.
import type { KubernetesObject } from '@kubernetes/client-node';
import { agentServiceAccount, agentTokenAudience, tunnelPorts } from '../../tunnel/names';
import { cpLabels, objectNames } from '../names';
import type { ControlPlaneSpec } from '../types';
import { goEnv, type RenderInput } from './render';

const socketDir = '/run/konnectivity';
const socketPath = `${socketDir}/konnectivity-server.socket`;
const egressDir = '/etc/egress-selector';
const egressFile = 'egress-selector.yaml';

/** Small and fixed: measured idle at ~15 MiB resident with a handful of agents (bench/tunnel). */
export const konnectivityResources = { requests: { cpu: '10m', memory: '24Mi' }, limits: { memory: '96Mi' } };

/** The apiserver's egress selection: only "cluster" (nodes, pods, services) goes through the tunnel. */
export function egressSelectorConfig(): string {
  return `apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: GRPC
    transport:
      uds:
        udsName: ${socketPath}
`;
}

export function egressSelectorConfigMap(spec: ControlPlaneSpec, namespace: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: objectNames.egressSelector, namespace, labels: cpLabels(spec.name, 'apiserver', spec.version) },
    data: { [egressFile]: egressSelectorConfig() },
  } as KubernetesObject;
}

export const apiserverEgressArgs = [`--egress-selector-config-file=${egressDir}/${egressFile}`];

/** Mounts the apiserver (or the compact process) needs: the config and the socket's folder. */
export const apiserverTunnelMounts = [
  { name: 'egress-selector', mountPath: egressDir, readOnly: true },
  { name: 'konnectivity-uds', mountPath: socketDir },
];

export function konnectivityServerArgs(): string[] {
  return [
    '/proxy-server',
    '--mode=grpc',
    `--uds-name=${socketPath}`,
    '--delete-existing-uds-file=true',
    // 0: the apiserver side is the Unix socket only.
    '--server-port=0',
    `--agent-port=${tunnelPorts.agent}`,
    '--cluster-cert=/pki/konnectivity-server.crt',
    '--cluster-key=/pki/konnectivity-server.key',
    `--admin-port=${tunnelPorts.admin}`,
    '--admin-bind-address=127.0.0.1',
    `--health-port=${tunnelPorts.health}`,
    // Agents prove who they are with a ServiceAccount token (bound to their Node), checked by TokenReview.
    `--agent-namespace=${agentServiceAccount.namespace}`,
    `--agent-service-account=${agentServiceAccount.name}`,
    `--authentication-audience=${agentTokenAudience}`,
    '--kubeconfig=/kubeconfig/konnectivity-server.conf',
    // A dial goes only to the agent that announced that address: a device without a tunnel
    // fails fast instead of being tried through another device's agent.
    '--proxy-strategies=destHost',
    '--server-count=1',
    // Dead agents behind NAT are noticed within about a minute.
    '--keepalive-time=30s',
  ];
}

export function konnectivityContainer(input: RenderInput): object {
  return {
    name: 'konnectivity-server',
    image: input.images.konnectivityServer,
    imagePullPolicy: 'IfNotPresent',
    command: konnectivityServerArgs(),
    env: goEnv(konnectivityResources.limits.memory, input.tuning),
    ports: [{ name: 'tunnel', containerPort: tunnelPorts.agent }],
    resources: konnectivityResources,
    // Liveness only: its /readyz fails until an agent connects, which must not take the apiserver out of its Service.
    startupProbe: { httpGet: { path: '/healthz', port: tunnelPorts.health, scheme: 'HTTP' }, periodSeconds: 1, failureThreshold: 60, timeoutSeconds: 5 },
    livenessProbe: { httpGet: { path: '/healthz', port: tunnelPorts.health, scheme: 'HTTP' }, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 5 },
    volumeMounts: [
      { name: 'konnectivity-pki', mountPath: '/pki', readOnly: true },
      { name: 'konnectivity-kubeconfig', mountPath: '/kubeconfig', readOnly: true },
      { name: 'konnectivity-uds', mountPath: socketDir },
    ],
  };
}

export function konnectivityVolumes(): object[] {
  return [
    { name: 'konnectivity-pki', secret: { secretName: objectNames.pki, defaultMode: 0o400, items: ['konnectivity-server.crt', 'konnectivity-server.key'].map((k) => ({ key: k, path: k })) } },
    { name: 'konnectivity-kubeconfig', secret: { secretName: objectNames.componentKubeconfigs, defaultMode: 0o400, items: [{ key: 'konnectivity-server.conf', path: 'konnectivity-server.conf' }] } },
    { name: 'konnectivity-uds', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
    { name: 'egress-selector', configMap: { name: objectNames.egressSelector } },
  ];
}
