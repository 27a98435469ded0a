// Fixed facts of the local lab, shared by the lab scripts, tests and benchmarks.
import { join } from 'node:path';

// What the lab runs is what Edgeplane ships: the versions come from components/.
export { busyboxBinary, busyboxVersion, cacheDir, etcdImageTag, etcdVersion, kubernetesVersion, pauseVersion } from '../components/config';
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

export const kwokVersion = 'v0.8.0';
/** Directories under stateDir / runDir that the seed's host processes use. */
export const seedStateDir = join(stateDir, 'seed');
export const seedRunDir = join(runDir, 'seed');
export const seedLogDir = join(stateDir, 'logs');
/** KWOK controllers of simulated nodes keep their pid files here. */
export const simDir = join(seedRunDir, 'sim');
/** The bridge the seed's pods hang off (the devices' bridge is lab.bridge). */
export const podBridge = 'eplabpod0';
/** Host daemons of scale tests and benchmarks (a scratch etcd + apiserver, KWOK): `lab down` stops them too. */
export const scratchDir = join(stateDir, 'fleet-scratch');
/** The seed's private containerd socket (kubelet and `ctr` talk to it). */
export const seedContainerdSocket = join(seedRunDir, 'containerd.sock');
/** The seed's etcd listens on loopback only, off the usual ports so another etcd on the machine does not clash. */
export const seedEtcd = { clientPort: 12379, peerPort: 12380, metricsPort: 12381 } as const;
