// The container images Edgeplane ships, under their upstream names, built as OCI
// image archives from the components' static binaries (no docker or buildah
// here): what a control plane runs in a seed (the lab imports them into its
// seed's containerd, `npm run image` pushes them) and what a node bundle carries.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactImage, konnectivityServerImage } from '../src/core/controlplane/spec';
import { binDirs, etcdBin, etcdctlBin, konnectivityBin, kubeBin, pauseBin } from './build/binaries';
import { writeOciArchive, type OciImageSpec } from './build/oci';
import { run } from './build/run';
import { busyboxBinary, busyboxVersion, cacheDir, etcdImageTag, kubernetesVersion, pauseVersion } from './config';

export const imagesDir = join(cacheDir, 'images');

export interface ImageSpec extends Omit<OciImageSpec, 'arch'> {
  /** Archive file name in imagesDir. */
  archive: string;
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
/** A small workload image for devices (shipped in the amd64 node bundle; the lab's tests run it), under the name `kubectl run --image=busybox:1.35.0` resolves to. */
export const busyboxImage = `docker.io/library/busybox:${busyboxVersion}`;
export const busyboxImageArchive = join(imagesDir, 'busybox.tar');

/** busybox's applets as links to it, so that `sh`, `echo`, `sleep` ... exist in the image. */
function busyboxLinks(): Array<[string, string]> {
  if (!existsSync(busyboxBinary)) throw new Error(`${busyboxBinary} is missing: apt-get install busybox-static (the bundle's workload image is made from it)`);
  const banner = run(busyboxBinary, ['--help']).split('\n')[0] ?? '';
  if (!banner.includes(`v${busyboxVersion}`)) throw new Error(`${busyboxBinary} is "${banner}", not v${busyboxVersion}: update busyboxVersion in components/config.ts`);
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
      // The tunnel's server, beside every control plane's apiserver.
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

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function stampOf(spec: ImageSpec): string {
  return sha256([spec.ref, ...spec.entrypoint, ...(spec.cmd ?? []), ...spec.files.flat(), ...(spec.links ?? []).flat(), ...spec.stamps.map((s) => readFileSync(s, 'utf8'))].join('\n'));
}

/** Writes one image's OCI archive and its stamp (the stamp's second line: the manifest digest, for imports). */
async function buildArchive(spec: ImageSpec): Promise<void> {
  const out = join(imagesDir, spec.archive);
  const layout = await writeOciArchive({ ...spec, arch: 'amd64' }, out);
  writeFileSync(`${out}.stamp`, `${stampOf(spec)}\n${layout.manifestDigest.replace(/^sha256:/, '')}\n`);
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
export function archiveManifestDigest(spec: ImageSpec): string {
  return `sha256:${readFileSync(join(imagesDir, `${spec.archive}.stamp`), 'utf8').split('\n')[1] ?? ''}`;
}
