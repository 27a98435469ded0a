// Builds the lab's binaries from pinned Go modules (lab/build/*/go.mod) into
// cacheDir, outside the repo, and skips a build whose stamp matches: the stamp
// hashes go.mod, go.sum, sources and flags, so a pin change rebuilds.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, etcdVersion, kubernetesVersion, kwokVersion } from '../config';
import { run, runVisible } from '../util/run';

const buildRoot = new URL('.', import.meta.url).pathname;

export const binDirs = {
  kubernetes: join(cacheDir, 'bin', kubernetesVersion),
  etcd: join(cacheDir, 'bin', `etcd-${etcdVersion}`),
  kwok: join(cacheDir, 'bin', `kwok-${kwokVersion}`),
  pause: join(cacheDir, 'bin', 'pause'),
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

interface GoBuild {
  name: string;
  moduleDir: string;
  outDir: string;
  packages: string[];
  ldflags: string;
  outputs: string[];
}

function versionFlags(v: string): string {
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
];

// pause is C, as upstream's is: a Go binary that only waits keeps ~2 MiB
// resident for its runtime, this one ~0.7 MiB (counted in every pod's memory).
const pauseSource = join(buildRoot, 'pause', 'pause.c');
const pauseFlags = ['-static', '-O2', '-s', '-Wall', '-Wextra', '-Werror'];

function ensurePause(log: (m: string) => void): string[] {
  const stamp = createHash('sha256').update(`${pauseFlags.join(' ')}\n`).update(readFileSync(pauseSource)).digest('hex');
  const stampFile = join(binDirs.pause, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp && existsSync(pauseBin())) return [];
  log(`building pause (static C) into ${binDirs.pause}`);
  const tmp = `${binDirs.pause}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  runVisible('cc', [...pauseFlags, '-o', join(tmp, 'pause'), pauseSource]);
  writeFileSync(join(tmp, '.stamp'), `${stamp}\n`);
  rmSync(binDirs.pause, { recursive: true, force: true });
  renameSync(tmp, binDirs.pause);
  return ['pause'];
}

function stampOf(b: GoBuild, goVersion: string): string {
  const h = createHash('sha256');
  h.update(`${goVersion}\n${b.ldflags}\n${b.packages.join(' ')}\n`);
  const files = readdirSync(b.moduleDir, { recursive: true, encoding: 'utf8' }).sort();
  for (const f of files) {
    if (/\.(go|mod|sum)$/.test(f)) h.update(`${f}\n`).update(readFileSync(join(b.moduleDir, f)));
  }
  return h.digest('hex');
}

/** Builds whatever is missing or stale; returns the names it built. */
export function ensureBinaries(log: (m: string) => void): string[] {
  const goVersion = run('go', ['env', 'GOVERSION']).trim();
  const built: string[] = [];
  for (const b of builds) {
    const stampFile = join(b.outDir, '.stamp');
    const stamp = stampOf(b, goVersion);
    const have = existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp && b.outputs.every((o) => existsSync(join(b.outDir, o)));
    if (have) continue;
    const started = Date.now();
    log(`building ${b.name} (static, CGO_ENABLED=0) into ${b.outDir}${b.name.startsWith("Kubernetes") ? "; a cold build takes 10-20 min on 2 cores" : ""}`);
    const tmp = `${b.outDir}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    runVisible('go', ['build', '-trimpath', '-ldflags', b.ldflags, '-o', `${tmp}/`, ...b.packages], {
      cwd: b.moduleDir,
      env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' },
    });
    // `go build -o dir/ .` names the binary after the module's last path element.
    for (const o of b.outputs) {
      if (!existsSync(join(tmp, o))) throw new Error(`${b.name}: build produced no ${o} in ${tmp}`);
    }
    writeFileSync(join(tmp, '.stamp'), `${stamp}\n`);
    rmSync(b.outDir, { recursive: true, force: true });
    renameSync(tmp, b.outDir);
    log(`built ${b.name} in ${Math.round((Date.now() - started) / 1000)} s`);
    built.push(b.name);
  }
  return [...built, ...ensurePause(log)];
}
