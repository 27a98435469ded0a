// The files a bootstrap writes on a device, as pure functions of the plan's
// inputs, so that "already configured" is a byte comparison.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { stringify } from 'yaml';
import { checkLabels } from '../labels';
import { labels as edgeLabels } from '../seeds';
import { cniBridge, devicePaths as p, pauseImageRef, type ServiceName } from './paths';

export interface NodeSettings {
  nodeName: string;
  nodeIp: string;
  controlPlane: string;
  systemd: boolean;
  cgroupVersion: 1 | 2;
  swapOn: boolean;
  snapshotter: 'overlayfs' | 'native';
  podCidr: string;
  labels: Record<string, string>;
  /** The resolv.conf kubelet hands to pods (systemd-resolved's real file when it runs). */
  resolvConf: string;
  clusterDns?: string;
  /** Root cannot lower oom_score_adj on this device: containerd must clamp what the kubelet asks for. */
  restrictOomScoreAdj: boolean;
}

/** A /24 in 10.214.0.0/16 picked from the node name, so pods stay local to their device. */
export function defaultPodCidr(nodeName: string): string {
  const n = createHash('sha256').update(nodeName).digest()[0] ?? 0;
  return `10.214.${Math.max(1, n)}.0/24`;
}

export function containerdConfig(s: NodeSettings): string {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `# Written by Edgeplane. Plain cgroupfs unless systemd runs; images are imported, never pulled for the sandbox.
version = 2
root = "${p.containerdRoot}"
state = "${p.containerdState}"
[grpc]
  address = "${p.containerdSocket}"
[${cri}]
  sandbox_image = "${pauseImageRef}"
  # The kubelet asks for oom_score_adj -998 for every sandbox; without CAP_SYS_RESOURCE runc's init dies on it.
  restrict_oom_score_adj = ${s.restrictOomScoreAdj ? 'true' : 'false'}
  [${cri}.containerd]
    snapshotter = "${s.snapshotter}"
    default_runtime_name = "runc"
    [${cri}.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [${cri}.containerd.runtimes.runc.options]
        BinaryName = "${p.binDir}/runc"
        SystemdCgroup = ${s.systemd ? 'true' : 'false'}
  [${cri}.cni]
    bin_dir = "${p.cniBinDir}"
    conf_dir = "/etc/cni/net.d"
`;
}

export function cniConfig(s: NodeSettings): string {
  const gw = s.podCidr.replace(/\.0\/24$/, '.1');
  return `${JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'edgeplane',
      plugins: [
        {
          type: 'bridge',
          bridge: cniBridge,
          isGateway: true,
          // Pods reach the world through the device's own address.
          ipMasq: true,
          hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: s.podCidr, gateway: gw }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: p.cniIpamDir },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  )}\n`;
}

export function kubeletConfig(s: NodeSettings): string {
  return stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    cgroupDriver: s.systemd ? 'systemd' : 'cgroupfs',
    // 1.35 refuses cgroup v1 unless told otherwise; many edge kernels still boot v1.
    ...(s.cgroupVersion === 1 ? { failCgroupV1: false } : {}),
    failSwapOn: !s.swapOn,
    containerRuntimeEndpoint: `unix://${p.containerdSocket}`,
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: p.caFile } },
    authorization: { mode: 'Webhook' },
    clusterDomain: 'cluster.local',
    ...(s.clusterDns ? { clusterDNS: [s.clusterDns] } : {}),
    rotateCertificates: true,
    // The serving certificate is approved by Edgeplane after it checked the names.
    serverTLSBootstrap: true,
    resolvConf: s.resolvConf,
    maxPods: 60,
    // Small devices: keep the kubelet's own footprint and image churn low.
    serializeImagePulls: true,
    evictionHard: { 'memory.available': '32Mi', 'nodefs.available': '5%', 'imagefs.available': '5%' },
    imageGCHighThresholdPercent: 90,
    imageGCLowThresholdPercent: 80,
    protectKernelDefaults: false,
    healthzBindAddress: '127.0.0.1',
    healthzPort: 10248,
  });
}

export function nodeLabels(s: Pick<NodeSettings, 'labels' | 'nodeName' | 'controlPlane'>): Record<string, string> {
  return { ...s.labels, [edgeLabels.device]: s.nodeName, [edgeLabels.controlPlane]: s.controlPlane };
}

const nodeNamePattern = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
/** All a flag may hold: the kubelet's command line is word-split by a shell ($(cat kubelet.flags)). */
const flagPattern = /^--[a-z-]+=[A-Za-z0-9._/:,=@-]+$/;

/**
 * kubelet's command-line flags (those with no KubeletConfiguration field). The file they
 * go to is word-split by the shell that starts the kubelet, so every value is checked
 * here, whoever called: labels as Kubernetes checks them, the node name as a DNS name,
 * the node IP as an address. Anything else throws before a byte is written.
 */
export function kubeletFlags(s: NodeSettings): string[] {
  if (!nodeNamePattern.test(s.nodeName)) throw new Error(`"${s.nodeName}" cannot be a Node name.`);
  if (isIP(s.nodeIp) === 0) throw new Error(`"${s.nodeIp}" is not an IP address.`);
  const labels = nodeLabels(s);
  checkLabels(labels, `Labels of node "${s.nodeName}"`);
  const lbl = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
  const flags = [
    `--config=${p.kubeletConfig}`,
    `--kubeconfig=${p.kubeletKubeconfig}`,
    `--bootstrap-kubeconfig=${p.bootstrapKubeconfig}`,
    `--hostname-override=${s.nodeName}`,
    `--node-ip=${s.nodeIp}`,
    `--node-labels=${lbl}`,
  ];
  for (const f of flags) if (!flagPattern.test(f)) throw new Error(`kubelet flag ${JSON.stringify(f)} holds characters a flags file must not hold.`);
  return flags;
}

/** The bootstrap kubeconfig: the token, and the cluster CA it trusts (never "insecure"). */
export function bootstrapKubeconfig(server: string, caPem: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'edge', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: 'kubelet-bootstrap', user: { token } }],
    contexts: [{ name: 'bootstrap', context: { cluster: 'edge', user: 'kubelet-bootstrap' } }],
    'current-context': 'bootstrap',
  });
}

/** The command line of each service, PATH first on our binaries so containerd finds our shim and runc. */
export function serviceCommand(s: ServiceName): string {
  if (s === 'containerd') return `${p.binDir}/containerd --config ${p.containerdConfig}`;
  if (s === 'konnectivity-agent') return `${p.binDir}/konnectivity-agent $(cat ${p.agentFlags})`;
  return `${p.binDir}/kubelet $(cat ${p.kubeletEnv})`;
}

/**
 * The supervisor used where systemd does not run: one small loop per service,
 * started detached (setsid), restarting the service when it exits. Pid files
 * in /run/edgeplane (SERVICE.pid for the service, SERVICE.supervisor.pid for
 * the loop); logs in /var/log/edgeplane/SERVICE.log. See README.md.
 */
export function supervisorScript(): string {
  return `#!/bin/sh
# Edgeplane supervisor: keeps one service running. Usage: supervise.sh NAME COMMAND...
name="$1"; shift
run=${p.runDir}; log=${p.logDir}/"$name".log
mkdir -p "$run" ${p.logDir}
echo $$ > "$run/$name.supervisor.pid"
trap 'kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; rm -f "$run/$name.pid" "$run/$name.supervisor.pid"; exit 0' TERM INT
export PATH=${p.binDir}:${p.cniBinDir}:/usr/sbin:/usr/bin:/sbin:/bin
while :; do
  # Keep logs bounded on small disks: rotate at 10 MiB, one old copy.
  if [ -f "$log" ] && [ "$(wc -c < "$log")" -gt 10485760 ]; then mv -f "$log" "$log.1"; fi
  echo "$(date -u +%FT%TZ) supervise: starting $name" >> "$log"
  sh -c "exec $*" >> "$log" 2>&1 &
  child=$!
  echo "$child" > "$run/$name.pid"
  wait "$child"
  echo "$(date -u +%FT%TZ) supervise: $name exited with $?, restarting in 2 s" >> "$log"
  sleep 2
done
`;
}

export function systemdUnitText(s: ServiceName): string {
  const after = s === 'kubelet' ? 'edgeplane-containerd.service' : 'network-online.target';
  return `# Written by Edgeplane.
[Unit]
Description=Edgeplane ${s}
After=${after}
Wants=network-online.target
${s === 'kubelet' ? 'Requires=edgeplane-containerd.service\n' : ''}
[Service]
Environment=PATH=${p.binDir}:${p.cniBinDir}:/usr/sbin:/usr/bin:/sbin:/bin
ExecStart=/bin/sh -c "exec ${serviceCommand(s).replace(/"/g, '\\"')}"
Restart=always
RestartSec=2
${s === 'containerd' ? 'Delegate=yes\nKillMode=process\nOOMScoreAdjust=-999\nLimitNOFILE=1048576\n' : ''}
[Install]
WantedBy=multi-user.target
`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
