// Fixed facts of the local lab, shared by the lab scripts, tests and benchmarks.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const kubernetesVersion = 'v1.35.4';
/** Where built binaries and images are cached between runs (outside the repo). */
export const cacheDir = process.env.EDGEPLANE_LAB_CACHE ?? join(homedir(), '.cache', 'edgeplane-lab');
/** Persistent lab state (etcd data, containerd root, devices' private trees). */
export const stateDir = '/var/lib/edgeplane-lab';
/** Runtime state: pid files, sockets. */
export const runDir = '/run/edgeplane-lab';
/** Kubeconfig of the seed, context `edgeplane-lab`. */
export const seedKubeconfig = join(stateDir, 'seed', 'kubeconfig');
export const seedContext = 'edgeplane-lab';

/** The network devices live on. The host's bridge holds .1; the seed's node IP is that address. */
export const lab = {
  bridge: 'eplab0',
  subnet: '10.213.0.0/24',
  hostAddress: '10.213.0.1',
  /** Everything the lab uses sits in this range; the host routes it nowhere else. */
  supernet: '10.213.0.0/16',
  /** Device networks behind a bastion: 10.213.<n>.0/24, n >= 1. */
  podCidr: '10.214.0.0/16',
  serviceCidr: '10.215.0.0/16',
  apiserverPort: 6443,
  seedNodeName: 'edgeplane-lab-seed',
} as const;

/** etcd that kubeadm 1.35 pins for its image (constants.DefaultEtcdVersion = 3.6.6-0). */
export const etcdVersion = 'v3.6.6';
export const etcdImageTag = '3.6.6-0';
/** The kubelet 1.35 default sandbox image. */
export const pauseVersion = '3.10.1';
export const kwokVersion = 'v0.8.0';
/** sigs.k8s.io/apiserver-network-proxy (components/konnectivity/go.mod pins it exactly: the module proxy lists no versions). */
export { konnectivityVersion } from '../src/core/controlplane/spec';
/** The lab's test workload image, made from Debian's busybox-static (its version, checked at build). */
export const busyboxVersion = '1.35.0';
export const busyboxBinary = '/bin/busybox';
/** Directories under stateDir / runDir that the seed's host processes use. */
export const seedStateDir = join(stateDir, 'seed');
export const seedRunDir = join(runDir, 'seed');
export const seedLogDir = join(stateDir, 'logs');
/** Host daemons of scale tests and benchmarks (a scratch etcd + apiserver, KWOK): `lab down` stops them too. */
export const scratchDir = join(stateDir, 'fleet-scratch');
/** The seed's private containerd socket (kubelet and `ctr` talk to it). */
export const seedContainerdSocket = join(seedRunDir, 'containerd.sock');
/** The seed's etcd listens on loopback only, off the usual ports so another etcd on the machine does not clash. */
export const seedEtcd = { clientPort: 12379, peerPort: 12380, metricsPort: 12381 } as const;
