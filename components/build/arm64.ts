// The parts of a linux-arm64 node bundle, made on this x86_64 machine:
// - kubelet cross-compiled from the same k8s.io/kubernetes module as the amd64 one (GOARCH=arm64),
//   and the Konnectivity agent from components/konnectivity;
// - pause cross-compiled from the same C source (Debian's aarch64-linux-gnu-gcc);
// - containerd, its shim, ctr, runc and the CNI plugins from Debian's arm64 packages,
//   fetched by apt with a private state dir (the machine's own dpkg is not told about
//   arm64) and unpacked with dpkg-deb -x.
// Each is built once and cached with a stamp, like the amd64 builds in binaries.ts.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, konnectivityVersion, kubernetesVersion } from '../config';
import { componentsRoot, pauseFlags, pauseSource } from './binaries';
import { ensureCBuild, ensureGoBuilds, versionFlags } from './goBuild';
import { run } from './run';

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

/** kubelet for linux/arm64; a cold build takes 10-20 min on 2 cores, then it is cached. */
export function ensureArm64Kubelet(log: (m: string) => void): string {
  ensureGoBuilds([{
    name: `kubelet ${kubernetesVersion} linux/arm64`,
    moduleDir: join(componentsRoot, 'kubernetes'),
    outDir: arm64Dirs.kubernetes,
    packages: ['k8s.io/kubernetes/cmd/kubelet'],
    ldflags: `-s -w ${versionFlags(kubernetesVersion)}`,
    outputs: ['kubelet'],
    goarch: 'arm64',
    note: 'a cold build takes 10-20 min on 2 cores',
  }], log);
  return join(arm64Dirs.kubernetes, 'kubelet');
}

/** The Konnectivity agent for linux/arm64, from components/konnectivity. */
export function ensureArm64Agent(log: (m: string) => void): string {
  ensureGoBuilds([{
    name: `Konnectivity agent ${konnectivityVersion} linux/arm64`,
    moduleDir: join(componentsRoot, 'konnectivity'),
    outDir: arm64Dirs.konnectivity,
    packages: ['sigs.k8s.io/apiserver-network-proxy/cmd/agent'],
    ldflags: '-s -w',
    renames: [['agent', 'proxy-agent']],
    outputs: ['proxy-agent'],
    goarch: 'arm64',
  }], log);
  return join(arm64Dirs.konnectivity, 'proxy-agent');
}

/** The static C pause for linux/arm64, from components/pause/pause.c. */
export function ensureArm64Pause(log: (m: string) => void): string {
  ensureCBuild({ name: 'pause linux/arm64', source: pauseSource, outDir: arm64Dirs.pause, output: 'pause', compiler: 'aarch64-linux-gnu-gcc', flags: pauseFlags, before: () => ensureCrossCompiler(log) }, log);
  return join(arm64Dirs.pause, 'pause');
}

/**
 * Debian arm64 packages unpacked under dir/root; fetched again only when the package
 * list changes or the tree is gone. apt runs with its own lists and cache and arm64 as
 * the only architecture: the machine's dpkg and /var/lib/apt are left as they are.
 */
export function ensureDebianArm64Tree(what: string, pkgs: string[], d: string, log: (m: string) => void): string {
  const root = join(d, 'root');
  const stampFile = join(d, '.stamp');
  const stamp = pkgs.join(' ');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').split('\n')[0] === stamp && existsSync(join(root, 'usr'))) return root;
  const lists = join(arm64Dirs.debian, 'lists');
  const archives = join(arm64Dirs.debian, 'cache');
  const debs = join(d, 'debs');
  for (const p of [join(lists, 'partial'), join(archives, 'archives', 'partial'), debs]) mkdirSync(p, { recursive: true });
  const apt = ['-q', '-o', 'APT::Architecture=arm64', '-o', 'APT::Architectures::=arm64', '-o', `Dir::State::Lists=${lists}`, '-o', `Dir::Cache=${archives}`, '-o', 'Debug::NoLocking=1', '-o', 'APT::Sandbox::User=root'];
  log(`fetching Debian's arm64 packages ${pkgs.join(' ')} for ${what} (apt-get download)`);
  try {
    run('apt-get', [...apt, 'update']);
    run('apt-get', [...apt, 'download', ...pkgs], { cwd: debs });
  } catch (err) {
    throw new Error(`Could not fetch Debian's arm64 packages (${pkgs.join(', ')}): ${err instanceof Error ? err.message : String(err)}\nCheck that the Debian mirrors in /etc/apt/sources.list are reachable, then try again.`, { cause: err });
  }
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

/** containerd, runc and the CNI plugins from Debian's arm64 packages, unpacked under arm64Root(). */
export function ensureDebianArm64(log: (m: string) => void): string {
  return ensureDebianArm64Tree('the node bundle', debianArm64Packages, arm64Dirs.debian, log);
}
