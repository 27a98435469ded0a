// Builds the lab's binaries from pinned Go modules (lab/build/*/go.mod) into
// cacheDir, outside the repo, and skips a build whose stamp matches: the stamp
// hashes go.mod, go.sum, sources and flags, so a pin change rebuilds.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, etcdVersion, konnectivityVersion, kubernetesVersion, kwokVersion } from '../config';
import { run, runVisible } from '../util/run';

const buildRoot = new URL('.', import.meta.url).pathname;
/** Go modules of what Edgeplane ships that the lab builds too (components/). */
const componentsRoot = new URL('../../components/', import.meta.url).pathname;

export const binDirs = {
  kubernetes: join(cacheDir, 'bin', kubernetesVersion),
  etcd: join(cacheDir, 'bin', `etcd-${etcdVersion}`),
  kwok: join(cacheDir, 'bin', `kwok-${kwokVersion}`),
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
export const kwokBin = (): string => join(binDirs.kwok, 'kwok');
export const pauseBin = (): string => join(binDirs.pause, 'pause');
/** The Konnectivity server (in the control-plane pod) and agent (on devices), under upstream's image names. */
export const konnectivityBin = (name: 'proxy-server' | 'proxy-agent'): string => join(binDirs.konnectivity, name);

interface GoBuild {
  name: string;
  moduleDir: string;
  outDir: string;
  packages: string[];
  ldflags: string;
  outputs: string[];
  /** Binaries renamed after the build: package name -> output name. */
  renames?: Array<[string, string]>;
}

export function versionFlags(v: string): string {
  const [major, minor] = v.replace(/^v/, '').split('.');
  return [
    `-X k8s.io/component-base/version.gitVersion=${v}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minor}`,
    `-X k8s.io/component-base/version.gitTreeState=clean`,
    `-X k8s.io/client-go/pkg/version.gitVersion=${v}`,
  ].join(' ');
}

const builds: GoBuild[] = [
  {
    name: `Kubernetes ${kubernetesVersion}`,
    moduleDir: join(buildRoot, 'kubernetes'),
    outDir: binDirs.kubernetes,
    // kube-controlplane (ours, in the same module): the three control-plane components in one process.
    packages: [...kubernetesBinaries.map((b) => `k8s.io/kubernetes/cmd/${b}`), './kube-controlplane'],
    ldflags: `-s -w ${versionFlags(kubernetesVersion)}`,
    outputs: [...kubernetesBinaries, 'kube-controlplane'],
  },
  {
    name: `etcd ${etcdVersion}`,
    moduleDir: join(buildRoot, 'etcd'),
    outDir: binDirs.etcd,
    packages: ['.', 'go.etcd.io/etcd/etcdctl/v3'],
    // etcd's version is compiled in from its module; only strip symbols.
    ldflags: '-s -w',
    outputs: ['etcd', 'etcdctl'],
  },
  {
    name: `KWOK ${kwokVersion}`,
    moduleDir: join(buildRoot, 'kwok'),
    outDir: binDirs.kwok,
    packages: ['sigs.k8s.io/kwok/cmd/kwok'],
    ldflags: `-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${kwokVersion}`,
    outputs: ['kwok'],
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
const pauseSource = join(buildRoot, 'pause', 'pause.c');
const pauseFlags = ['-static', '-O2', '-s', '-Wall', '-Wextra', '-Werror'];

function stampOf(b: GoBuild, goVersion: string): string {
  const h = createHash('sha256');
  h.update(`${goVersion}\n${b.ldflags}\n${b.packages.join(' ')}\n`);
  const files = readdirSync(b.moduleDir, { recursive: true, encoding: 'utf8' }).sort();
  for (const f of files) {
    if (/\.(go|mod|sum)$/.test(f)) h.update(`${f}\n`).update(readFileSync(join(b.moduleDir, f)));
  }
  return h.digest('hex');
}

/**
 * Builds into outDir.tmp and swaps it in for outDir, unless outDir's stamp
 * already matches and holds every output; returns whether it built.
 */
export function buildStamped(name: string, outDir: string, stamp: string, outputs: string[], build: (tmp: string) => void): boolean {
  const stampFile = join(outDir, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp && outputs.every((o) => existsSync(join(outDir, o)))) return false;
  const tmp = `${outDir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  build(tmp);
  for (const o of outputs) {
    if (!existsSync(join(tmp, o))) throw new Error(`${name}: build produced no ${o} in ${tmp}`);
  }
  writeFileSync(join(tmp, '.stamp'), `${stamp}\n`);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  return true;
}

/** Builds whatever is missing or stale; returns the names it built. */
export function ensureBinaries(log: (m: string) => void): string[] {
  const goVersion = run('go', ['env', 'GOVERSION']).trim();
  const built: string[] = [];
  for (const b of builds) {
    const started = Date.now();
    const did = buildStamped(b.name, b.outDir, stampOf(b, goVersion), b.outputs, (tmp) => {
      log(`building ${b.name} (static, CGO_ENABLED=0) into ${b.outDir}${b.name.startsWith("Kubernetes") ? "; a cold build takes 10-20 min on 2 cores" : ""}`);
      // `go build -o dir/ pkg...` names each binary after its package path's last element.
      runVisible('go', ['build', '-trimpath', '-ldflags', b.ldflags, '-o', `${tmp}/`, ...b.packages], {
        cwd: b.moduleDir,
        env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' },
      });
      for (const [from, to] of b.renames ?? []) renameSync(join(tmp, from), join(tmp, to));
    });
    if (!did) continue;
    log(`built ${b.name} in ${Math.round((Date.now() - started) / 1000)} s`);
    built.push(b.name);
  }
  const pauseStamp = createHash('sha256').update(`${pauseFlags.join(' ')}\n`).update(readFileSync(pauseSource)).digest('hex');
  const pauseBuilt = buildStamped('pause', binDirs.pause, pauseStamp, ['pause'], (tmp) => {
    log(`building pause (static C) into ${binDirs.pause}`);
    runVisible('cc', [...pauseFlags, '-o', join(tmp, 'pause'), pauseSource]);
  });
  return pauseBuilt ? [...built, 'pause'] : built;
}
