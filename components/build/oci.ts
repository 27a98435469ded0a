// A one-layer OCI image of static binaries, for any architecture: an OCI image
// layout directory (what `npm run image` pushes) and its tar archive (what
// containerd imports, e.g. the pause image inside a node bundle).
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NodeArch } from '../../src/core/bootstrap/types';
import { run } from './run';

export interface OciImageSpec {
  /** Full reference, e.g. registry.k8s.io/pause:3.10.1 */
  ref: string;
  arch: NodeArch;
  /** [source on this machine, path inside the image] */
  files: Array<[string, string]>;
  /** Symbolic links inside the image: [path, target]. */
  links?: Array<[string, string]>;
  /** Empty: none (the runtime runs `cmd`). */
  entrypoint: string[];
  /** Default command (what a pod's args replace). */
  cmd?: string[];
}

export interface OciLayout {
  dir: string;
  manifestDigest: string;
  manifest: string;
  config: { digest: string; size: number };
  layers: Array<{ digest: string; size: number; mediaType: string }>;
}

// Deterministic tar flags: the same binaries give the same layer digest.
const tarFlags = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--format=posix', '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime'];

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

/** The tag of a reference (after the last colon that follows the last slash). */
export function tagOf(ref: string): string {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : 'latest';
}

/** Writes an OCI image layout into `dir` (replaced); the layer is uncompressed (CPU is scarcer than disk). */
export async function writeOciLayout(spec: OciImageSpec, dir: string): Promise<OciLayout> {
  const work = `${dir}.work`;
  rmSync(work, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  const rootfs = join(work, 'rootfs');
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  mkdirSync(join(rootfs, 'tmp'), { recursive: true });
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
  const layerSize = statSync(layerTmp).size;
  renameSync(layerTmp, join(blobs, layerDigest));
  rmSync(work, { recursive: true, force: true });

  const config = JSON.stringify({
    architecture: spec.arch,
    os: 'linux',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ...(spec.entrypoint.length ? { Entrypoint: spec.entrypoint } : {}), ...(spec.cmd ? { Cmd: spec.cmd } : {}), WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
    history: [{ created_by: 'edgeplane: static binaries' }],
  });
  const configDigest = sha256(config);
  writeFileSync(join(blobs, configDigest), config);
  const layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${layerDigest}`, size: layerSize };
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${configDigest}`, size: Buffer.byteLength(config) },
    layers: [layer],
  });
  const manifestDigest = `sha256:${sha256(manifest)}`;
  writeFileSync(join(blobs, manifestDigest.slice(7)), manifest);
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: manifestDigest,
      size: Buffer.byteLength(manifest),
      platform: { architecture: spec.arch, os: 'linux' },
      // containerd's importer takes the full name from its own annotation; the OCI one holds the tag.
      annotations: { 'io.containerd.image.name': spec.ref, 'org.opencontainers.image.ref.name': tagOf(spec.ref) },
    }],
  };
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  return { dir, manifestDigest, manifest, config: { digest: `sha256:${configDigest}`, size: Buffer.byteLength(config) }, layers: [layer] };
}

/** Reads back a layout written by writeOciLayout (its single manifest). */
export function readOciLayout(dir: string): OciLayout {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
  const manifestDigest = index.manifests[0]?.digest ?? '';
  const manifest = readFileSync(join(dir, 'blobs', 'sha256', manifestDigest.replace(/^sha256:/, '')), 'utf8');
  const m = JSON.parse(manifest) as { config: { digest: string; size: number }; layers: Array<{ digest: string; size: number; mediaType: string }> };
  return { dir, manifestDigest, manifest, config: m.config, layers: m.layers };
}

/** Writes the image as an OCI archive (a tar of the layout) at `out`. */
export async function writeOciArchive(spec: OciImageSpec, out: string): Promise<OciLayout> {
  const layout = await writeOciLayout(spec, `${out}.layout`);
  run('tar', [...tarFlags, '-cf', `${out}.tmp`, '-C', layout.dir, 'oci-layout', 'index.json', 'blobs']);
  renameSync(`${out}.tmp`, out);
  rmSync(layout.dir, { recursive: true, force: true });
  return { ...layout, dir: out };
}
