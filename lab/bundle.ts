// Builds the node artefact bundle a device is bootstrapped from:
//   ~/.cache/edgeplane-lab/bundles/edgeplane-node-<version>-linux-amd64.tar.gz (+ .sha256)
// holding kubelet (the lab's build), containerd, containerd-shim-runc-v2, ctr
// and runc (Debian's), the CNI plugins a device needs, the pause image and the
// lab's busybox test image (every images/*.tar is imported on the device).
// Run: node --import tsx lab/bundle.ts   (prints the path and its sha256)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, kubernetesVersion } from './config';

export const bundlesDir = join(cacheDir, 'bundles');
export const bundleName = (version = kubernetesVersion): string => `edgeplane-node-${version}-linux-amd64.tar.gz`;
export const bundlePath = (version = kubernetesVersion): string => join(bundlesDir, bundleName(version));

/** Inputs: [path inside the bundle, source on this machine]. */
export function bundleInputs(version = kubernetesVersion): Array<[string, string]> {
  return [
    ['bin/kubelet', join(cacheDir, 'bin', version, 'kubelet')],
    ['bin/containerd', '/usr/bin/containerd'],
    ['bin/containerd-shim-runc-v2', '/usr/bin/containerd-shim-runc-v2'],
    ['bin/ctr', '/usr/bin/ctr'],
    ['bin/runc', '/usr/sbin/runc'],
    ...['bridge', 'host-local', 'loopback', 'portmap'].map((p): [string, string] => [`cni/${p}`, `/usr/lib/cni/${p}`]),
    ['images/pause.tar', join(cacheDir, 'images', 'pause.tar')],
    // What a site with no registry does: ship the workload images with the bundle (the lab's test image).
    ['images/busybox.tar', join(cacheDir, 'images', 'busybox.tar')],
  ];
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

/** Builds the bundle unless one built from the same inputs exists. */
export async function ensureNodeBundle(version = kubernetesVersion): Promise<NodeBundle> {
  const inputs = bundleInputs(version);
  const missing = inputs.filter(([, src]) => !existsSync(src)).map(([, src]) => src);
  if (missing.length > 0) {
    throw new Error(`Cannot build the node bundle: missing ${missing.join(', ')}. Run \`npm run lab -- up\` first (it builds kubelet and the pause image); apt-get install containerd runc containernetworking-plugins.`);
  }
  const out = bundlePath(version);
  const stampFile = `${out}.inputs`;
  // Sizes and mtimes of the inputs decide whether to rebuild (hashing 200 MB each time is slow).
  const stamp = inputs.map(([dst, src]) => `${dst} ${statSync(src).size} ${statSync(src).mtimeMs}`).join('\n');
  if (existsSync(out) && existsSync(`${out}.sha256`) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return { path: out, sha256: readFileSync(`${out}.sha256`, 'utf8').split(/\s/)[0] as string, version, bytes: statSync(out).size };
  }
  mkdirSync(bundlesDir, { recursive: true });
  const work = join(bundlesDir, `.work-${version}`);
  rmSync(work, { recursive: true, force: true });
  const sums: string[] = [];
  for (const [dst, src] of inputs) {
    mkdirSync(join(work, dst, '..'), { recursive: true });
    copyFileSync(src, join(work, dst));
    sums.push(`${await sha256(join(work, dst))}  ${dst}`);
  }
  writeFileSync(join(work, 'VERSION'), `${version}\n`);
  writeFileSync(join(work, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  const tmp = `${out}.tmp`;
  // Fixed owner and mtime keep the archive's bytes stable across rebuilds of the same inputs.
  const tar = spawnSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', work, '-czf', tmp, '.'], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
  renameSync(tmp, out);
  rmSync(work, { recursive: true, force: true });
  const sum = await sha256(out);
  writeFileSync(`${out}.sha256`, `${sum}  ${bundleName(version)}\n`);
  writeFileSync(stampFile, stamp);
  return { path: out, sha256: sum, version, bytes: statSync(out).size };
}

if (process.argv[1] && /bundle\.ts$/.test(process.argv[1])) {
  ensureNodeBundle().then(
    (b) => console.log(`${b.path}\nsha256 ${b.sha256}\n${(b.bytes / 2 ** 20).toFixed(1)} MiB`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
