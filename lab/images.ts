// Container images for the seed, built locally as OCI image archives from the
// lab's static binaries (no docker or buildah here) and imported into the
// seed's containerd under their upstream names, so that manifests written for
// a real seed run unchanged in the lab.
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { busyboxBinary, busyboxVersion, cacheDir, etcdImageTag, kubernetesVersion, pauseVersion, seedContainerdSocket } from './config';
import { compactImage, konnectivityServerImage } from '../src/core/controlplane/spec';
import { binDirs, etcdBin, etcdctlBin, konnectivityBin, kubeBin, pauseBin } from './build/binaries';
import { run } from './util/run';

export const imagesDir = join(cacheDir, 'images');

export interface ImageSpec {
  /** Full upstream reference, e.g. registry.k8s.io/kube-apiserver:v1.35.4 */
  ref: string;
  /** Archive file name in imagesDir. */
  archive: string;
  /** Files to place in the image: source path -> path inside the image. */
  files: Array<[string, string]>;
  /** Symbolic links inside the image: path -> target. */
  links?: Array<[string, string]>;
  entrypoint: string[];
  /** Default command (what a pod's args replace). */
  cmd?: string[];
  /** Stamp files of the binaries it is made from: a rebuild of those remakes the image. */
  stamps: string[];
}

const registry = 'registry.k8s.io';

export const pauseImage = `${registry}/pause:${pauseVersion}`;
/** The pause image archive; devices import it before their kubelet needs a sandbox. */
export const pauseImageArchive = join(imagesDir, 'pause.tar');
export function kubeImage(name: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kube-proxy'): string {
  return `${registry}/${name}:${kubernetesVersion}`;
}
export const etcdImage = `${registry}/etcd:${etcdImageTag}`;
/** A small workload image for devices, under the name `kubectl run --image=busybox:1.35.0` resolves to. */
export const busyboxImage = `docker.io/library/busybox:${busyboxVersion}`;
export const busyboxImageArchive = join(imagesDir, 'busybox.tar');

/** busybox's applets as links to it, so that `sh`, `echo`, `sleep` ... exist in the image. */
function busyboxLinks(): Array<[string, string]> {
  if (!existsSync(busyboxBinary)) throw new Error(`${busyboxBinary} is missing: apt-get install busybox-static (the lab's test image is made from it)`);
  const banner = run(busyboxBinary, ['--help']).split('\n')[0] ?? '';
  if (!banner.includes(`v${busyboxVersion}`)) throw new Error(`${busyboxBinary} is "${banner}", not v${busyboxVersion}: update busyboxVersion in lab/config.ts`);
  return run(busyboxBinary, ['--list']).split('\n').filter((a) => /^[a-z0-9_.[-]+$/.test(a) && a !== 'busybox').map((a): [string, string] => [`bin/${a}`, 'busybox']);
}

export function imageSpecs(): ImageSpec[] {
  const kube = (['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'] as const).map(
    (n): ImageSpec => ({
      ref: kubeImage(n),
      archive: `${n}.tar`,
      files: [[kubeBin(n), `usr/local/bin/${n}`]],
      entrypoint: [`/usr/local/bin/${n}`],
      stamps: [join(binDirs.kubernetes, '.stamp')],
    }),
  );
  return [
    ...kube,
    {
      // The compact layout's image, under the name Edgeplane's manifests use without an imageRegistry.
      ref: compactImage(kubernetesVersion),
      archive: 'kube-controlplane.tar',
      files: [[kubeBin('kube-controlplane'), 'usr/local/bin/kube-controlplane']],
      entrypoint: ['/usr/local/bin/kube-controlplane'],
      stamps: [join(binDirs.kubernetes, '.stamp')],
    },
    {
      ref: konnectivityServerImage(),
      archive: 'konnectivity-server.tar',
      files: [[konnectivityBin('proxy-server'), 'proxy-server']],
      entrypoint: ['/proxy-server'],
      stamps: [join(binDirs.konnectivity, '.stamp')],
    },
    {
      ref: etcdImage,
      archive: 'etcd.tar',
      files: [
        [etcdBin(), 'usr/local/bin/etcd'],
        [etcdctlBin(), 'usr/local/bin/etcdctl'],
      ],
      entrypoint: ['/usr/local/bin/etcd'],
      stamps: [join(binDirs.etcd, '.stamp')],
    },
    {
      ref: busyboxImage,
      archive: 'busybox.tar',
      files: [[busyboxBinary, 'bin/busybox']],
      links: busyboxLinks(),
      entrypoint: [],
      cmd: ['sh'],
      stamps: [],
    },
    {
      ref: pauseImage,
      archive: 'pause.tar',
      files: [[pauseBin(), 'pause']],
      entrypoint: ['/pause'],
      stamps: [join(binDirs.pause, '.stamp')],
    },
  ];
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function stampOf(spec: ImageSpec): string {
  return sha256([spec.ref, ...spec.entrypoint, ...(spec.cmd ?? []), ...spec.files.flat(), ...(spec.links ?? []).flat(), ...spec.stamps.map((s) => readFileSync(s, 'utf8'))].join('\n'));
}

// Deterministic tar flags: same binaries give the same layer digest.
const tarFlags = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--format=posix', '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime'];

/** Writes one OCI image layout archive (uncompressed layer: CPU is scarcer than disk here). */
async function buildArchive(spec: ImageSpec): Promise<void> {
  const work = join(imagesDir, `.work-${spec.archive}`);
  rmSync(work, { recursive: true, force: true });
  const rootfs = join(work, 'rootfs');
  const layout = join(work, 'layout');
  const blobs = join(layout, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  mkdirSync(join(rootfs, 'tmp'), { recursive: true, mode: 0o1777 });
  for (const [src, dst] of spec.files) {
    mkdirSync(dirname(join(rootfs, dst)), { recursive: true });
    copyFileSync(src, join(rootfs, dst));
  }
  for (const [path, target] of spec.links ?? []) {
    mkdirSync(dirname(join(rootfs, path)), { recursive: true });
    symlinkSync(target, join(rootfs, path));
  }
  run('chmod', ['1777', join(rootfs, 'tmp')]);
  const layerTmp = join(work, 'layer.tar');
  run('tar', [...tarFlags, '-cf', layerTmp, '-C', rootfs, '.']);
  const layerDigest = await sha256File(layerTmp);
  const layerSize = Number(run('stat', ['-c', '%s', layerTmp]).trim());
  renameSync(layerTmp, join(blobs, layerDigest));

  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ...(spec.entrypoint.length ? { Entrypoint: spec.entrypoint } : {}), ...(spec.cmd ? { Cmd: spec.cmd } : {}), WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
    history: [{ created_by: 'edgeplane lab: static binaries from pinned Go modules' }],
  });
  const configDigest = sha256(config);
  writeFileSync(join(blobs, configDigest), config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${configDigest}`, size: Buffer.byteLength(config) },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${layerDigest}`, size: layerSize }],
  });
  const manifestDigest = sha256(manifest);
  writeFileSync(join(blobs, manifestDigest), manifest);
  const tag = spec.ref.slice(spec.ref.lastIndexOf(':') + 1);
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${manifestDigest}`,
        size: Buffer.byteLength(manifest),
        platform: { architecture: 'amd64', os: 'linux' },
        // containerd's importer takes the full name from its own annotation; the OCI one holds the tag.
        annotations: { 'io.containerd.image.name': spec.ref, 'org.opencontainers.image.ref.name': tag },
      },
    ],
  };
  writeFileSync(join(layout, 'index.json'), JSON.stringify(index));
  writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const out = join(imagesDir, spec.archive);
  run('tar', [...tarFlags, '-cf', `${out}.tmp`, '-C', layout, 'oci-layout', 'index.json', 'blobs']);
  renameSync(`${out}.tmp`, out);
  writeFileSync(`${out}.stamp`, `${stampOf(spec)}\n${manifestDigest}\n`);
  rmSync(work, { recursive: true, force: true });
}

/** Builds archives that are missing or stale; returns the refs it (re)built. */
export async function ensureImageArchives(log: (m: string) => void): Promise<string[]> {
  mkdirSync(imagesDir, { recursive: true });
  const built: string[] = [];
  for (const spec of imageSpecs()) {
    const out = join(imagesDir, spec.archive);
    const stampFile = `${out}.stamp`;
    if (existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').split('\n')[0] === stampOf(spec)) continue;
    log(`building image ${spec.ref} -> ${out}`);
    await buildArchive(spec);
    built.push(spec.ref);
  }
  return built;
}

/** The manifest digest an archive holds (from its stamp). */
function archiveManifestDigest(spec: ImageSpec): string {
  return `sha256:${readFileSync(join(imagesDir, `${spec.archive}.stamp`), 'utf8').split('\n')[1] ?? ''}`;
}

/** Imports into a containerd (namespace k8s.io, native snapshotter) each image it lacks at the archive's digest. */
export function importImages(log: (m: string) => void, socket = seedContainerdSocket): string[] {
  const ctr = (args: string[]): string => run('ctr', ['-a', socket, '-n', 'k8s.io', ...args]);
  const present = new Map<string, string>();
  for (const line of ctr(['images', 'ls']).split('\n').slice(1)) {
    const [ref, , digest] = line.trim().split(/\s+/);
    if (ref && digest) present.set(ref, digest);
  }
  const imported: string[] = [];
  for (const spec of imageSpecs()) {
    if (present.get(spec.ref) === archiveManifestDigest(spec)) continue;
    log(`importing ${spec.ref}`);
    ctr(['images', 'import', '--snapshotter', 'native', join(imagesDir, spec.archive)]);
    imported.push(spec.ref);
  }
  return imported;
}
