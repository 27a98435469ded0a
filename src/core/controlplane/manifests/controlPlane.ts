// apiserver, controller-manager and scheduler in one pod (as Kamaji does): they
// talk over localhost, share one pod sandbox and one set of Secrets, and start
// and stop together. Cheaper in memory than three Deployments, and the three
// have no reason to be scheduled apart. The standard layout runs them as three
// containers from the upstream images; the compact one as one process.
import type { KubernetesObject } from '@kubernetes/client-node';
import { cpLabels, objectNames, selectorLabels } from '../names';
import { compactResources, layoutOf, podCidrOf, serviceCidrOf, sizeProfiles } from '../spec';
import { goEnv, type RenderInput } from './render';
import { containerSecurityContext, controlPlanePodTemplate } from './security';
import { etcdClientPort } from './services';
import { apiserverEgressArgs, apiserverTunnelMounts, konnectivityContainer, konnectivityVolumes } from './konnectivity';

export const controllerManagerPort = 10257;
export const schedulerPort = 10259;

const secretItems = (keys: string[]): { key: string; path: string }[] => keys.map((k) => ({ key: k, path: k }));

function httpsProbe(port: number, path: string, period: number, failures: number, scheme: 'HTTPS' | 'HTTP' = 'HTTPS'): object {
  return { httpGet: { path, port, scheme }, periodSeconds: period, failureThreshold: failures, timeoutSeconds: 5 };
}

export function apiserverArgs(input: RenderInput): string[] {
  const { spec, etcdIps, apiserverPort, advertiseAddress, tuning } = input;
  return [
    'kube-apiserver',
    ...(advertiseAddress ? [`--advertise-address=${advertiseAddress}`] : []),
    `--secure-port=${apiserverPort}`,
    '--allow-privileged=true',
    '--authorization-mode=Node,RBAC',
    '--client-ca-file=/pki/ca.crt',
    '--enable-admission-plugins=NodeRestriction',
    '--enable-bootstrap-token-auth=true',
    '--etcd-cafile=/pki/etcd-ca.crt',
    '--etcd-certfile=/pki/apiserver-etcd-client.crt',
    '--etcd-keyfile=/pki/apiserver-etcd-client.key',
    `--etcd-servers=${etcdIps.map((ip) => `https://${ip}:${etcdClientPort}`).join(',')}`,
    '--kubelet-client-certificate=/pki/apiserver-kubelet-client.crt',
    '--kubelet-client-key=/pki/apiserver-kubelet-client.key',
    '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
    // Kubelet serving certificates are signed by the cluster CA after Edgeplane checked their names: verify them.
    '--kubelet-certificate-authority=/pki/ca.crt',
    '--proxy-client-cert-file=/pki/front-proxy-client.crt',
    '--proxy-client-key-file=/pki/front-proxy-client.key',
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-client-ca-file=/pki/front-proxy-ca.crt',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-username-headers=X-Remote-User',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--service-account-key-file=/pki/sa.pub',
    '--service-account-signing-key-file=/pki/sa.key',
    `--service-cluster-ip-range=${serviceCidrOf(spec)}`,
    '--tls-cert-file=/pki/apiserver.crt',
    '--tls-private-key-file=/pki/apiserver.key',
    '--profiling=false',
    ...apiserverEgressArgs,
    ...(tuning.apiserverFlags ?? []),
  ];
}

/**
 * The port controller-manager and scheduler serve /healthz and /metrics on. In
 * the compact layout they serve nothing (0): nothing probes them there, since
 * either stopping ends the process, and not serving saves their TLS listeners,
 * delegated authentication and the informers behind it.
 */
const servingPort = (input: RenderInput, port: number): number => (layoutOf(input.spec) === 'compact' ? 0 : port);

export function controllerManagerArgs(input: RenderInput): string[] {
  const { spec, tuning } = input;
  const off = (tuning.disabledControllers ?? []).map((c) => `,-${c}`).join('');
  return [
    'kube-controller-manager',
    '--kubeconfig=/kubeconfig/controller-manager.conf',
    '--authentication-kubeconfig=/kubeconfig/controller-manager.conf',
    '--authorization-kubeconfig=/kubeconfig/controller-manager.conf',
    `--secure-port=${servingPort(input, controllerManagerPort)}`,
    '--client-ca-file=/pki/ca.crt',
    `--cluster-name=${spec.name}`,
    '--cluster-signing-cert-file=/pki/ca.crt',
    '--cluster-signing-key-file=/pki/ca.key',
    // "*" holds csrsigning, csrapproving and csrcleaner; bootstrapsigner and tokencleaner are off by default.
    `--controllers=*,bootstrapsigner,tokencleaner${off}`,
    '--leader-elect=true',
    '--requestheader-client-ca-file=/pki/front-proxy-ca.crt',
    '--root-ca-file=/pki/ca.crt',
    '--service-account-private-key-file=/pki/sa.key',
    '--use-service-account-credentials=true',
    // Nodes get a podCIDR, so a simple bridge CNI on a device needs no other configuration.
    '--allocate-node-cidrs=true',
    `--cluster-cidr=${podCidrOf(spec)}`,
    `--service-cluster-ip-range=${serviceCidrOf(spec)}`,
    '--profiling=false',
    ...(tuning.controllerManagerFlags ?? []),
  ];
}

export function schedulerArgs(input: RenderInput): string[] {
  return [
    'kube-scheduler',
    '--kubeconfig=/kubeconfig/scheduler.conf',
    '--authentication-kubeconfig=/kubeconfig/scheduler.conf',
    '--authorization-kubeconfig=/kubeconfig/scheduler.conf',
    `--secure-port=${servingPort(input, schedulerPort)}`,
    '--leader-elect=true',
    '--profiling=false',
  ];
}

const apiserverPki = [
  'ca.crt',
  'apiserver.crt',
  'apiserver.key',
  'apiserver-kubelet-client.crt',
  'apiserver-kubelet-client.key',
  'front-proxy-ca.crt',
  'front-proxy-client.crt',
  'front-proxy-client.key',
  'etcd-ca.crt',
  'apiserver-etcd-client.crt',
  'apiserver-etcd-client.key',
  'sa.pub',
  'sa.key',
];
const controllerManagerPki = ['ca.crt', 'ca.key', 'sa.key', 'front-proxy-ca.crt'];

const pkiVolume = (name: string, keys: string[]): object => ({
  name,
  secret: { secretName: objectNames.pki, defaultMode: 0o400, items: secretItems(keys) },
});
const kubeconfigVolume = (name: string, files: string[]): object => ({
  name,
  secret: { secretName: objectNames.componentKubeconfigs, defaultMode: 0o400, items: secretItems(files) },
});

// The apiserver's probes: in the compact layout they are the whole process's,
// since a controller-manager or scheduler that stops ends the process.
const apiserverProbes = (port: number): object => ({
  startupProbe: httpsProbe(port, '/livez', 1, 180),
  readinessProbe: httpsProbe(port, '/readyz', 2, 3),
  livenessProbe: httpsProbe(port, '/livez', 10, 6),
});

/**
 * Edgeplane's kubelet-serving certificate approver (kube-controlplane's edgeplane-approver,
 * components' approver.go): renewals of the kubelets' serving certificates are approved
 * with the control plane, by the same checks as at join, with no editor running.
 * It acts as the controller-manager's identity, which the edge RBAC lets approve them.
 */
const approverArgs = ['edgeplane-approver', '--kubeconfig=/kubeconfig/controller-manager.conf'];
const approverHealthPort = 10271;


/** Three containers from the upstream images and the approver; each sees only the keys it needs. */
function standardPod(input: RenderInput): { containers: object[]; volumes: object[] } {
  const { spec, tuning, apiserverPort } = input;
  const size = sizeProfiles[spec.size];
  return {
    containers: [
      {
        name: 'kube-apiserver',
        image: input.images.apiserver,
        imagePullPolicy: 'IfNotPresent',
        command: apiserverArgs(input),
        env: goEnv(size.apiserver.limits.memory, tuning),
        ports: [{ name: 'https', containerPort: apiserverPort }],
        resources: size.apiserver,
        ...apiserverProbes(apiserverPort),
        volumeMounts: [{ name: 'apiserver-pki', mountPath: '/pki', readOnly: true }, ...apiserverTunnelMounts],
      },
      {
        name: 'kube-controller-manager',
        image: input.images.controllerManager,
        imagePullPolicy: 'IfNotPresent',
        command: controllerManagerArgs(input),
        env: goEnv(size.controllerManager.limits.memory, tuning),
        resources: size.controllerManager,
        startupProbe: httpsProbe(controllerManagerPort, '/healthz', 2, 120),
        livenessProbe: httpsProbe(controllerManagerPort, '/healthz', 10, 6),
        volumeMounts: [
          { name: 'controller-manager-pki', mountPath: '/pki', readOnly: true },
          { name: 'controller-manager-kubeconfig', mountPath: '/kubeconfig', readOnly: true },
        ],
      },
      {
        name: 'kube-scheduler',
        image: input.images.scheduler,
        imagePullPolicy: 'IfNotPresent',
        command: schedulerArgs(input),
        env: goEnv(size.scheduler.limits.memory, tuning),
        resources: size.scheduler,
        startupProbe: httpsProbe(schedulerPort, '/livez', 2, 120),
        readinessProbe: httpsProbe(schedulerPort, '/readyz', 5, 3),
        livenessProbe: httpsProbe(schedulerPort, '/livez', 10, 6),
        volumeMounts: [{ name: 'scheduler-kubeconfig', mountPath: '/kubeconfig', readOnly: true }],
      },
      {
        name: 'edgeplane-approver',
        image: input.images.controlPlane,
        imagePullPolicy: 'IfNotPresent',
        command: ['kube-controlplane', ...approverArgs, `--health-port=${approverHealthPort}`],
        env: goEnv('64Mi', tuning),
        resources: { requests: { cpu: '5m', memory: '32Mi' }, limits: { memory: '64Mi' } },
        // Plain HTTP: it serves nothing but its own health, inside the pod's network.
        startupProbe: httpsProbe(approverHealthPort, '/healthz', 2, 120, 'HTTP'),
        livenessProbe: httpsProbe(approverHealthPort, '/healthz', 10, 6, 'HTTP'),
        volumeMounts: [{ name: 'controller-manager-kubeconfig', mountPath: '/kubeconfig', readOnly: true }],
      },
      konnectivityContainer(input),
    ],
    volumes: [
      ...konnectivityVolumes(),
      pkiVolume('apiserver-pki', apiserverPki),
      pkiVolume('controller-manager-pki', controllerManagerPki),
      kubeconfigVolume('controller-manager-kubeconfig', ['controller-manager.conf']),
      kubeconfigVolume('scheduler-kubeconfig', ['scheduler.conf']),
    ],
  };
}

/**
 * One process (kube-controlplane): each component's flags after its name. The
 * Konnectivity server is a sidecar rather than linked into that process: it is
 * another Go module with its own dependency versions, and apart it can be
 * upgraded or restarted without the apiserver (memory of both in bench/tunnel).
 */
function compactPod(input: RenderInput): { containers: object[]; volumes: object[] } {
  const { spec, tuning, apiserverPort } = input;
  const resources = compactResources(spec.size);
  return {
    containers: [
      {
        name: 'kube-controlplane',
        image: input.images.controlPlane,
        imagePullPolicy: 'IfNotPresent',
        command: ['kube-controlplane', ...apiserverArgs(input), ...controllerManagerArgs(input), ...schedulerArgs(input), ...approverArgs],
        env: goEnv(resources.limits.memory, tuning),
        ports: [{ name: 'https', containerPort: apiserverPort }],
        resources,
        ...apiserverProbes(apiserverPort),
        volumeMounts: [
          { name: 'pki', mountPath: '/pki', readOnly: true },
          { name: 'kubeconfigs', mountPath: '/kubeconfig', readOnly: true },
          ...apiserverTunnelMounts,
        ],
      },
      konnectivityContainer(input),
    ],
    volumes: [
      ...konnectivityVolumes(),
      pkiVolume('pki', [...new Set([...apiserverPki, ...controllerManagerPki])]),
      kubeconfigVolume('kubeconfigs', ['controller-manager.conf', 'scheduler.conf']),
    ],
  };
}

export function controlPlaneDeployment(input: RenderInput): KubernetesObject {
  const { spec, namespace } = input;
  const pod = layoutOf(spec) === 'compact' ? compactPod(input) : standardPod(input);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: objectNames.controlPlane, namespace, labels: cpLabels(spec.name, 'control-plane', spec.version) },
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(spec.name, 'control-plane') },
      // Surge first: a re-run that changes certificates keeps an apiserver answering throughout;
      // controller-manager and scheduler elect a leader, so two pods at once are safe.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: controlPlanePodTemplate(spec, 'control-plane', input.configHash, {
        ...pod,
        containers: pod.containers.map((c) => ({ ...c, securityContext: containerSecurityContext })),
      }),
    },
  } as KubernetesObject;
}
