// Builds the node artefact bundle a device is bootstrapped from:
//   ~/.cache/edgeplane-lab/bundles/edgeplane-node-<version>-linux-<arch>.tar.gz (+ .sha256)
// holding kubelet, the Konnectivity agent, containerd, containerd-shim-runc-v2, ctr and runc, the CNI
// plugins a device needs, the pause image and, linux-amd64 only, the busybox
// workload image (every images/*.tar is imported on the device). linux-amd64: the
// components' kubelet and pause (build/binaries.ts), Debian's runtime installed on
// this machine; linux-arm64: cross-built kubelet and pause, Debian's arm64 packages
// (build/arm64.ts). `npm run bundle`, the lab's `npm start` and the tests use it.
// Run: node --import tsx components/bundle.ts [arm64]   (prints the path and its sha256)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeArch } from '../src/core/bootstrap/types';
import { cacheDir, kubernetesVersion, pauseVersion } from './config';
import { arm64Dirs, arm64Root, ensureArm64Agent, ensureArm64Kubelet, ensureArm64Pause, ensureDebianArm64 } from './build/arm64';
import { konnectivityBin } from './build/binaries';
import { writeOciArchive } from './build/oci';

export const bundlesDir = join(cacheDir, 'bundles');
export const bundleName = (version = kubernetesVersion, arch: NodeArch = 'amd64'): string => `edgeplane-node-${version}-linux-${arch}.tar.gz`;
export const bundlePath = (version = kubernetesVersion, arch: NodeArch = 'amd64'): string => join(bundlesDir, bundleName(version, arch));
const arm64PauseImage = join(cacheDir, 'images-linux-arm64', 'pause.tar');

/** Inputs: [path inside the bundle, source on this machine]. */
export function bundleInputs(version = kubernetesVersion, arch: NodeArch = 'amd64'): Array<[string, string]> {
  // Debian's arm64 packages unpack to the same paths the amd64 ones install to.
  const r = arch === 'arm64' ? arm64Root() : '/';
  return [
    ['bin/kubelet', arch === 'arm64' ? join(arm64Dirs.kubernetes, 'kubelet') : join(cacheDir, 'bin', version, 'kubelet')],
    // The tunnel agent (Konnectivity), built from components/konnectivity.
    ['bin/konnectivity-agent', arch === 'arm64' ? join(arm64Dirs.konnectivity, 'proxy-agent') : konnectivityBin('proxy-agent')],
    ['bin/containerd', join(r, 'usr/bin/containerd')],
    ['bin/containerd-shim-runc-v2', join(r, 'usr/bin/containerd-shim-runc-v2')],
    ['bin/ctr', join(r, 'usr/bin/ctr')],
    ['bin/runc', join(r, 'usr/sbin/runc')],
    ...['bridge', 'host-local', 'loopback', 'portmap'].map((p): [string, string] => [`cni/${p}`, join(r, 'usr/lib/cni', p)]),
    ['images/pause.tar', arch === 'arm64' ? arm64PauseImage : join(cacheDir, 'images', 'pause.tar')],
    // What a site with no registry does: ship the workload images with the bundle (the lab's
    // test image, made from Debian's amd64 busybox-static, so in the amd64 bundle only).
    ...(arch === 'amd64' ? [['images/busybox.tar', join(cacheDir, 'images', 'busybox.tar')] as [string, string]] : []),
  ];
}

/** Cross-builds and fetches what the linux-arm64 bundle is made of (each step cached). */
export async function ensureArm64Inputs(log: (m: string) => void, version = kubernetesVersion): Promise<void> {
  if (version !== kubernetesVersion) throw new Error(`This checkout builds kubelet ${kubernetesVersion} (components/kubernetes/go.mod), not ${version}.`);
  ensureDebianArm64(log);
  ensureArm64Kubelet(log);
  ensureArm64Agent(log);
  const pause = ensureArm64Pause(log);
  const stampFile = `${arm64PauseImage}.stamp`;
  const stamp = `${statSync(pause).size} ${statSync(pause).mtimeMs}`;
  if (existsSync(arm64PauseImage) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  mkdirSync(join(arm64PauseImage, '..'), { recursive: true });
  await writeOciArchive({ ref: `registry.k8s.io/pause:${pauseVersion}`, arch: 'arm64', files: [[pause, 'pause']], entrypoint: ['/pause'] }, arm64PauseImage);
  writeFileSync(stampFile, stamp);
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

export interface NodeBundle {
  path: string;
  sha256: string;
  version: string;
  bytes: number;
}

export interface BundleOptions {
  arch?: NodeArch;
  /** Where the bundle goes (default: the lab's bundlesDir). */
  outDir?: string;
  /** When given, the linux-arm64 parts are built or fetched first (otherwise they must exist). */
  log?: (m: string) => void;
}

/** Builds the bundle unless one built from the same inputs exists. */
export async function ensureNodeBundle(version = kubernetesVersion, o: BundleOptions = {}): Promise<NodeBundle> {
  const arch = o.arch ?? 'amd64';
  if (arch === 'arm64' && o.log) await ensureArm64Inputs(o.log, version);
  const inputs = bundleInputs(version, arch);
  const missing = inputs.filter(([, src]) => !existsSync(src)).map(([, src]) => src);
  if (missing.length > 0) {
    const how = arch === 'arm64'
      ? 'Run `npm run bundle -- --arch arm64` (it cross-builds kubelet and pause and fetches Debian\'s arm64 packages).'
      : 'Run `npm run lab -- up` first (it builds kubelet and the pause image); apt-get install containerd runc containernetworking-plugins.';
    throw new Error(`Cannot build the linux-${arch} node bundle: missing ${missing.join(', ')}. ${how}`);
  }
  const dir = o.outDir ?? bundlesDir;
  const out = join(dir, bundleName(version, arch));
  const stampFile = `${out}.inputs`;
  // Sizes and mtimes of the inputs decide whether to rebuild (hashing 200 MB each time is slow).
  const stamp = inputs.map(([dst, src]) => `${dst} ${statSync(src).size} ${statSync(src).mtimeMs}`).join('\n');
  if (existsSync(out) && existsSync(`${out}.sha256`) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return { path: out, sha256: readFileSync(`${out}.sha256`, 'utf8').split(/\s/)[0] as string, version, bytes: statSync(out).size };
  }
  mkdirSync(dir, { recursive: true });
  const work = join(dir, `.work-${version}-${arch}`);
  rmSync(work, { recursive: true, force: true });
  const sums: string[] = [];
  for (const [dst, src] of inputs) {
    mkdirSync(join(work, dst, '..'), { recursive: true });
    copyFileSync(src, join(work, dst));
    sums.push(`${await sha256(join(work, dst))}  ${dst}`);
  }
  writeFileSync(join(work, 'VERSION'), `${version}\n`);
  writeFileSync(join(work, 'ARCH'), `linux/${arch}\n`);
  writeFileSync(join(work, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  const tmp = `${out}.tmp`;
  // Fixed owner and mtime keep the archive's bytes stable across rebuilds of the same inputs.
  const tar = spawnSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', work, '-czf', tmp, '.'], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
  renameSync(tmp, out);
  rmSync(work, { recursive: true, force: true });
  const sum = await sha256(out);
  writeFileSync(`${out}.sha256`, `${sum}  ${bundleName(version, arch)}\n`);
  writeFileSync(stampFile, stamp);
  return { path: out, sha256: sum, version, bytes: statSync(out).size };
}

if (process.argv[1] && /bundle\.ts$/.test(process.argv[1])) {
  const arch = process.argv[2] === 'arm64' ? 'arm64' : 'amd64';
  ensureNodeBundle(kubernetesVersion, { arch, log: (m) => console.log(`bundle: ${m}`) }).then(
    (b) => console.log(`${b.path}\nsha256 ${b.sha256}\n${(b.bytes / 2 ** 20).toFixed(1)} MiB`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
