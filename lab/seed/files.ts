// Configuration files of the seed's components. Each writer only touches its
// file when the content changed, so a second `lab up` rewrites nothing.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { lab, pauseVersion, podBridge, seedContainerdSocket, seedContext, seedKubeconfig } from '../config';
import { pkiFile } from './pki';
import { cniConfDir, cniIpamDir, containerdConfig, containerdRoot, containerdStateDir, kubeconfigDir, kubeletConfig, kubeProxyConfig } from './paths';

/** Writes content if it differs; returns whether it wrote. */
export function writeIfChanged(path: string, content: string, mode = 0o644): boolean {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && readFileSync(path, 'utf8') === content) {
    chmodSync(path, mode);
    return false;
  }
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
  return true;
}

const b64 = (path: string): string => readFileSync(path).toString('base64');
export const apiserverUrl = `https://${lab.hostAddress}:${lab.apiserverPort}`;

/** A kubeconfig with embedded credentials (0600: it holds a private key). */
export function kubeconfigFor(certName: string, user: string, server = apiserverUrl, context = seedContext): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: context, cluster: { server, 'certificate-authority-data': b64(pkiFile('ca', 'crt')) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(pkiFile(certName, 'crt')), 'client-key-data': b64(pkiFile(certName, 'key')) } }],
    contexts: [{ name: context, context: { cluster: context, user } }],
    'current-context': context,
  });
}

export const componentKubeconfig = (name: string): string => join(kubeconfigDir, `${name}.kubeconfig`);

export function writeKubeconfigs(): boolean {
  let changed = writeIfChanged(seedKubeconfig, kubeconfigFor('admin', 'edgeplane-lab-admin'), 0o600);
  // Components on the host reach the apiserver on loopback: it works before the lab bridge carries traffic.
  const local = `https://127.0.0.1:${lab.apiserverPort}`;
  for (const c of ['controller-manager', 'scheduler', 'kube-proxy', 'kubelet', 'kwok']) {
    changed = writeIfChanged(componentKubeconfig(c), kubeconfigFor(c, `edgeplane-lab-${c}`, local), 0o600) || changed;
  }
  return changed;
}

export function writeContainerdConfig(): boolean {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return writeIfChanged(
    containerdConfig,
    `# The seed's private containerd: own root, state and socket, so it never
# meets another containerd on this machine (devices run their own).
version = 2
root = "${containerdRoot}"
state = "${containerdStateDir}"
[grpc]
  address = "${seedContainerdSocket}"
[${cri}]
  sandbox_image = "registry.k8s.io/pause:${pauseVersion}"
  # Without CAP_SYS_RESOURCE (as on these build VMs) runc cannot lower a
  # process's oom_score_adj, and the kubelet asks -998 for every sandbox:
  # clamp requests to containerd's own score instead of failing every pod.
  restrict_oom_score_adj = true
  # The lab's images are imported locally; nothing is pulled.
  [${cri}.containerd]
    # overlayfs is not needed and not always mountable here.
    snapshotter = "native"
    default_runtime_name = "runc"
    [${cri}.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [${cri}.containerd.runtimes.runc.options]
        SystemdCgroup = false
  [${cri}.cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${cniConfDir}"
`,
  );
}

/** The seed's pods sit on one bridge with host-local addresses from the first /24 of the pod range. */
export const seedPodSubnet = lab.podCidr.replace(/\.0\.0\/16$/, '.0.0/24');

export function writeCniConfig(): boolean {
  const gw = seedPodSubnet.replace(/\.0\/24$/, '.1');
  return writeIfChanged(
    join(cniConfDir, '10-edgeplane-lab.conflist'),
    `${JSON.stringify(
      {
        cniVersion: '1.0.0',
        name: 'edgeplane-lab',
        plugins: [
          {
            type: 'bridge',
            bridge: podBridge,
            isGateway: true,
            // Masquerading is one rule of the lab's own (see network.ts): easy to remove on `lab down`.
            ipMasq: false,
            hairpinMode: true,
            ipam: { type: 'host-local', ranges: [[{ subnet: seedPodSubnet, gateway: gw }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: cniIpamDir },
          },
        ],
      },
      null,
      2,
    )}\n`,
  );
}

export function writeKubeletConfig(): boolean {
  return writeIfChanged(
    kubeletConfig,
    stringify({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      // No systemd here, and cgroup v1: 1.35 is the last kubelet that runs on v1 when told to.
      cgroupDriver: 'cgroupfs',
      failCgroupV1: false,
      failSwapOn: false,
      containerRuntimeEndpoint: `unix://${seedContainerdSocket}`,
      address: '0.0.0.0',
      authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: pkiFile('ca', 'crt') } },
      authorization: { mode: 'Webhook' },
      clusterDomain: 'cluster.local',
      hairpinMode: 'hairpin-veth',
      serializeImagePulls: false,
      // A shared build machine's disk is often fuller than a node's: do not evict the control planes over it.
      evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '1%', 'imagefs.available': '1%', 'nodefs.inodesFree': '1%' },
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
      maxPods: 200,
      rotateCertificates: false,
      serverTLSBootstrap: false,
      protectKernelDefaults: false,
      resolvConf: '/etc/resolv.conf',
    }),
  );
}

export function writeKubeProxyConfig(): boolean {
  return writeIfChanged(
    kubeProxyConfig,
    stringify({
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      mode: 'iptables',
      clientConnection: { kubeconfig: componentKubeconfig('kube-proxy') },
      hostnameOverride: lab.seedNodeName,
      bindAddress: '0.0.0.0',
      clusterCIDR: lab.podCidr,
      // Leave the host's conntrack table size alone (it may be read-only here).
      conntrack: { maxPerCore: 0, min: 0 },
      metricsBindAddress: '127.0.0.1:10249',
      healthzBindAddress: '127.0.0.1:10256',
    }),
  );
}
