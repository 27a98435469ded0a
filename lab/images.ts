// The shipped images (components/images.ts) imported into the seed's containerd
// under their upstream names, so that manifests written for a real seed run
// unchanged in the lab.
import { join } from 'node:path';
import { archiveManifestDigest, imageSpecs, imagesDir } from '../components/images';
import { seedContainerdSocket } from './config';
import { run } from './util/run';

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
