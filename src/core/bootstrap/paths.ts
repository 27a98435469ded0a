// Where a bootstrap puts things on a device. Everything Edgeplane installs is
// listed here so that reset can remove exactly that.

export const devicePaths = {
  binDir: '/usr/local/bin',
  libDir: '/usr/local/lib/edgeplane',
  /** sha256 of the installed bundle; written last, so its presence means "install complete". */
  bundleMarker: '/usr/local/lib/edgeplane/bundle.sha256',
  imagesDir: '/usr/local/lib/edgeplane/images',
  supervisor: '/usr/local/lib/edgeplane/supervise.sh',
  /** The login user uploads here (the device's private /var/lib, never a shared /tmp). */
  stagingDir: '/var/lib/edgeplane/staging',
  stateDir: '/var/lib/edgeplane',
  /** Which of `ownedDirs` did not exist before the first bootstrap: reset removes exactly those. */
  createdDirsFile: '/var/lib/edgeplane/created-dirs',
  nodeFile: '/etc/edgeplane/node.json',
  kubeletEnv: '/etc/edgeplane/kubelet.flags',
  /** The tunnel agent's flags, its ServiceAccount token (0600) and what that token is bound to. */
  agentFlags: '/etc/edgeplane/konnectivity-agent.flags',
  agentToken: '/etc/edgeplane/konnectivity-agent.token',
  agentTokenRecord: '/etc/edgeplane/konnectivity-agent.json',
  cniBinDir: '/opt/cni/bin',
  cniConf: '/etc/cni/net.d/10-edgeplane.conflist',
  containerdConfig: '/etc/edgeplane/containerd.toml',
  /** containerd gets its own root, state and socket so it never meets another containerd (e.g. Docker's). */
  containerdRoot: '/var/lib/edgeplane/containerd',
  containerdState: '/run/edgeplane/containerd',
  containerdSocket: '/run/edgeplane/containerd/containerd.sock',
  cniIpamDir: '/var/lib/edgeplane/cni-ipam',
  kubeletConfig: '/var/lib/kubelet/config.yaml',
  kubeletKubeconfig: '/etc/kubernetes/kubelet.conf',
  bootstrapKubeconfig: '/etc/kubernetes/bootstrap-kubelet.conf',
  caFile: '/etc/kubernetes/pki/ca.crt',
  clientCert: '/var/lib/kubelet/pki/kubelet-client-current.pem',
  serverCert: '/var/lib/kubelet/pki/kubelet-server-current.pem',
  runDir: '/run/edgeplane',
  logDir: '/var/log/edgeplane',
  systemdDir: '/etc/systemd/system',
} as const;

export const binaries = ['kubelet', 'containerd', 'containerd-shim-runc-v2', 'ctr', 'runc', 'konnectivity-agent'] as const;
export const cniPlugins = ['bridge', 'host-local', 'loopback', 'portmap'] as const;
export const services = ['containerd', 'kubelet'] as const;
/** The tunnel agent: supervised like the others, started by its own step once the Node exists (its token is bound to it). */
export const tunnelService = 'konnectivity-agent';
export type ServiceName = (typeof services)[number] | typeof tunnelService;

/** Directories a bootstrap may create; reset removes those that were not there before. */
export const ownedDirs = [
  '/etc/edgeplane',
  '/etc/kubernetes',
  '/etc/cni',
  '/opt/cni',
  '/usr/local/lib/edgeplane',
  '/var/lib/edgeplane',
  '/var/lib/kubelet',
  '/var/log/edgeplane',
  '/var/log/pods',
  '/var/log/containers',
  '/run/edgeplane',
  // Created by containerd, libcni and the kubelet at their default places even with our paths set.
  '/var/lib/containerd',
  '/var/lib/cni',
  '/opt/containerd',
  '/run/netns',
  // Made once a pod runs: the shims' sockets (/run/containerd/s) and runc's state
  // (/run/containerd/runc) are at containerd's fixed defaults, and libcni caches each
  // attachment's result there. Listed so that reset removes them when the bootstrap made them.
  '/run/containerd',
  '/var/lib/cni/results',
] as const;

export const systemdUnit = (s: ServiceName): string => `${devicePaths.systemdDir}/edgeplane-${s}.service`;
export const pauseImageRef = 'registry.k8s.io/pause:3.10.1';
export const cniBridge = 'edgeplane0';
