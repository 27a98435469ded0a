// The parts of a linux-arm64 node bundle, made on this x86_64 machine:
// - kubelet cross-compiled from the same k8s.io/kubernetes module as the lab's (GOARCH=arm64),
//   and the Konnectivity agent from components/konnectivity;
// - pause cross-compiled from the same C source (Debian's aarch64-linux-gnu-gcc);
// - containerd, its shim, ctr, runc and the CNI plugins from Debian's arm64 packages,
//   fetched by apt with a private state dir (the machine's own dpkg is not told about
//   arm64) and unpacked with dpkg-deb -x.
// Each is built once and cached with a stamp, like the amd64 builds in binaries.ts.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, konnectivityVersion, kubernetesVersion } from '../config';
import { run, runVisible } from '../util/run';
import { buildStamped, versionFlags } from './binaries';

const buildRoot = new URL('.', import.meta.url).pathname;

export const arm64Dirs = {
  kubernetes: join(cacheDir, 'bin', `${kubernetesVersion}-linux-arm64`),
  pause: join(cacheDir, 'bin', 'pause-linux-arm64'),
  konnectivity: join(cacheDir, 'bin', `konnectivity-${konnectivityVersion}-linux-arm64`),
  debian: join(cacheDir, 'debian-arm64'),
} as const;

/** Debian packages the bundle's runtime comes from (the same ones the lab's amd64 bundle uses). */
export const debianArm64Packages = ['containerd', 'runc', 'containernetworking-plugins'];
/** The cross C compiler for pause. */
export const crossCompilerPackages = ['gcc-aarch64-linux-gnu', 'libc6-dev-arm64-cross'];
export const arm64Root = (): string => join(arm64Dirs.debian, 'root');

function missingDebs(pkgs: string[]): string[] {
  return pkgs.filter((p) => {
    try {
      return !run('dpkg-query', ['-W', '-f=${Status}', p]).includes('install ok installed');
    } catch {
      return true;
    }
  });
}

function ensureCrossCompiler(log: (m: string) => void): void {
  const missing = missingDebs(crossCompilerPackages);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`The arm64 pause binary needs Debian's cross compiler, which is not installed: run \`sudo apt-get install -y ${missing.join(' ')}\` and try again.`);
  }
  log(`installing ${missing.join(' ')} (apt-get) for the arm64 pause binary`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
}

function goVersion(): string {
  return run('go', ['env', 'GOVERSION']).trim();
}

function moduleStamp(moduleDir: string, extra: string): string {
  const h = createHash('sha256').update(`${extra}\n`);
  for (const f of readdirSync(moduleDir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (/\.(go|mod|sum)$/.test(f)) h.update(`${f}\n`).update(readFileSync(join(moduleDir, f)));
  }
  return h.digest('hex');
}

/** One Go package for linux/arm64 into outDir, cached with a stamp like the amd64 builds. */
function crossBuildGo(what: string, moduleDir: string, outDir: string, pkg: string, ldflags: string, from: string, to: string, log: (m: string) => void, slow = ''): string {
  const stamp = moduleStamp(moduleDir, `${goVersion()}\nGOARCH=arm64\n${ldflags}\n${pkg}`);
  const t0 = Date.now();
  const built = buildStamped(`${what} linux/arm64`, outDir, stamp, [to], (tmp) => {
    log(`building ${what} for linux/arm64 (GOARCH=arm64) into ${outDir}${slow}`);
    runVisible('go', ['build', '-trimpath', '-ldflags', ldflags, '-o', `${tmp}/`, pkg], {
      cwd: moduleDir,
      env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'arm64', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' },
    });
    if (from !== to) renameSync(join(tmp, from), join(tmp, to));
  });
  if (built) log(`built ${what} for linux/arm64 in ${Math.round((Date.now() - t0) / 1000)} s`);
  return join(outDir, to);
}

/** kubelet for linux/arm64; a cold build takes 10-20 min on 2 cores, then it is cached. */
export function ensureArm64Kubelet(log: (m: string) => void): string {
  const ldflags = `-s -w ${versionFlags(kubernetesVersion)}`;
  return crossBuildGo(`kubelet ${kubernetesVersion}`, join(buildRoot, 'kubernetes'), arm64Dirs.kubernetes, 'k8s.io/kubernetes/cmd/kubelet', ldflags, 'kubelet', 'kubelet', log, '; a cold build takes 10-20 min on 2 cores');
}

/** The Konnectivity agent for linux/arm64, from components/konnectivity. */
export function ensureArm64Agent(log: (m: string) => void): string {
  const moduleDir = new URL('../../components/konnectivity/', import.meta.url).pathname;
  return crossBuildGo(`Konnectivity agent ${konnectivityVersion}`, moduleDir, arm64Dirs.konnectivity, 'sigs.k8s.io/apiserver-network-proxy/cmd/agent', '-s -w', 'agent', 'proxy-agent', log);
}

/** The static C pause for linux/arm64, from lab/build/pause/pause.c. */
export function ensureArm64Pause(log: (m: string) => void): string {
  const source = join(buildRoot, 'pause', 'pause.c');
  const flags = ['-static', '-O2', '-s', '-Wall', '-Wextra', '-Werror'];
  const stamp = createHash('sha256').update(`aarch64-linux-gnu-gcc ${flags.join(' ')}\n`).update(readFileSync(source)).digest('hex');
  buildStamped('pause linux/arm64', arm64Dirs.pause, stamp, ['pause'], (tmp) => {
    ensureCrossCompiler(log);
    log(`building pause (static C) for linux/arm64 into ${arm64Dirs.pause}`);
    runVisible('aarch64-linux-gnu-gcc', [...flags, '-o', join(tmp, 'pause'), source]);
  });
  return join(arm64Dirs.pause, 'pause');
}

/**
 * containerd, runc and the CNI plugins from Debian's arm64 packages, unpacked under
 * arm64Root(); fetched again only when the package list changes or the tree is gone.
 */
export function ensureDebianArm64(log: (m: string) => void): string {
  const d = arm64Dirs.debian;
  const stampFile = join(d, '.stamp');
  const stamp = debianArm64Packages.join(' ');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').split('\n')[0] === stamp && existsSync(join(arm64Root(), 'usr', 'bin', 'containerd'))) return arm64Root();
  // apt with its own lists and cache and arm64 as the only architecture: the
  // machine's dpkg and /var/lib/apt are left as they are.
  const lists = join(d, 'lists');
  const archives = join(d, 'cache');
  const debs = join(d, 'debs');
  for (const p of [join(lists, 'partial'), join(archives, 'archives', 'partial'), debs]) mkdirSync(p, { recursive: true });
  const apt = ['-q', '-o', 'APT::Architecture=arm64', '-o', 'APT::Architectures::=arm64', '-o', `Dir::State::Lists=${lists}`, '-o', `Dir::Cache=${archives}`, '-o', 'Debug::NoLocking=1', '-o', 'APT::Sandbox::User=root'];
  log(`fetching Debian's arm64 packages ${debianArm64Packages.join(' ')} (apt-get download)`);
  try {
    run('apt-get', [...apt, 'update']);
    run('apt-get', [...apt, 'download', ...debianArm64Packages], { cwd: debs });
  } catch (err) {
    throw new Error(`Could not fetch Debian's arm64 packages (${debianArm64Packages.join(', ')}): ${err instanceof Error ? err.message : String(err)}\nCheck that the Debian mirrors in /etc/apt/sources.list are reachable, then try again.`);
  }
  const root = arm64Root();
  run('rm', ['-rf', root]);
  mkdirSync(root, { recursive: true });
  const got: string[] = [];
  for (const f of readdirSync(debs).filter((x) => x.endsWith('_arm64.deb')).sort()) {
    run('dpkg-deb', ['-x', join(debs, f), root]);
    got.push(f);
  }
  writeFileSync(stampFile, `${stamp}\n${got.join('\n')}\n`);
  run('rm', ['-rf', debs]);
  log(`unpacked ${got.join(', ')} into ${root}`);
  return root;
}
