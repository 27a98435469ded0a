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
