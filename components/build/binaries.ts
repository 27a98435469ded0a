// The binaries Edgeplane ships, built from the Go modules in components/ (and
// pause, in C) into the build cache. To add a Go component: put its module in
// components/NAME/ (go.mod, go.sum, sources) and add a GoBuild to `componentBuilds`.
import { join } from 'node:path';
import { cacheDir, etcdVersion, konnectivityVersion, kubernetesVersion } from '../config';
import { ensureCBuild, ensureGoBuilds, versionFlags, type GoBuild } from './goBuild';

/** components/ itself: each Go component is a module in a folder of its own. */
export const componentsRoot = new URL('..', import.meta.url).pathname;

export const binDirs = {
  kubernetes: join(cacheDir, 'bin', kubernetesVersion),
  etcd: join(cacheDir, 'bin', `etcd-${etcdVersion}`),
  pause: join(cacheDir, 'bin', 'pause'),
  konnectivity: join(cacheDir, 'bin', `konnectivity-${konnectivityVersion}`),
} as const;

export const kubernetesBinaries = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy'] as const;
export type KubernetesBinary = (typeof kubernetesBinaries)[number] | 'kube-controlplane';

export function kubeBin(name: KubernetesBinary): string {
  return join(binDirs.kubernetes, name);
}
export const etcdBin = (): string => join(binDirs.etcd, 'etcd');
export const etcdctlBin = (): string => join(binDirs.etcd, 'etcdctl');
export const pauseBin = (): string => join(binDirs.pause, 'pause');
/** The Konnectivity server (in the control-plane pod) and agent (on devices), under upstream's image names. */
export const konnectivityBin = (name: 'proxy-server' | 'proxy-agent'): string => join(binDirs.konnectivity, name);

export const componentBuilds: GoBuild[] = [
  {
    name: `Kubernetes ${kubernetesVersion}`,
    moduleDir: join(componentsRoot, 'kubernetes'),
    outDir: binDirs.kubernetes,
    // kube-controlplane (ours, in the same module): the three control-plane components in one process.
    packages: [...kubernetesBinaries.map((b) => `k8s.io/kubernetes/cmd/${b}`), './kube-controlplane'],
    ldflags: `-s -w ${versionFlags(kubernetesVersion)}`,
    outputs: [...kubernetesBinaries, 'kube-controlplane'],
    note: 'a cold build takes 10-20 min on 2 cores',
  },
  {
    name: `etcd ${etcdVersion}`,
    moduleDir: join(componentsRoot, 'etcd'),
    outDir: binDirs.etcd,
    packages: ['.', 'go.etcd.io/etcd/etcdctl/v3'],
    // etcd's version is compiled in from its module; only strip symbols.
    ldflags: '-s -w',
    outputs: ['etcd', 'etcdctl'],
  },
  {
    name: `Konnectivity ${konnectivityVersion}`,
    moduleDir: join(componentsRoot, 'konnectivity'),
    outDir: binDirs.konnectivity,
    packages: ['sigs.k8s.io/apiserver-network-proxy/cmd/server', 'sigs.k8s.io/apiserver-network-proxy/cmd/agent'],
    ldflags: '-s -w',
    // Upstream's image entrypoints are /proxy-server and /proxy-agent.
    renames: [['server', 'proxy-server'], ['agent', 'proxy-agent']],
    outputs: ['proxy-server', 'proxy-agent'],
  },
];

// pause is C, as upstream's is: a Go binary that only waits keeps ~2 MiB
// resident for its runtime, this one ~0.7 MiB (counted in every pod's memory).
export const pauseSource = join(componentsRoot, 'pause', 'pause.c');
export const pauseFlags = ['-static', '-O2', '-s', '-Wall', '-Wextra', '-Werror'];

/** Builds whatever is missing or stale; returns the names it built. */
export function ensureComponentBinaries(log: (m: string) => void): string[] {
  const built = ensureGoBuilds(componentBuilds, log);
  const pause = ensureCBuild({ name: 'pause', source: pauseSource, outDir: binDirs.pause, output: 'pause', compiler: 'cc', flags: pauseFlags }, log);
  return pause ? [...built, 'pause'] : built;
}
