// `npm run bundle` and `npm run image`: what a user ships to a seed or a site of their
// own, built from the same pinned modules as the lab.
//   npm run bundle -- [--version V] [--arch amd64|arm64] [--out DIR]
//   npm run image -- NAME|all [--push REGISTRY] [--insecure] [--out DIR]
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NodeArch } from '../src/core/bootstrap/types';
import { ensureComponentBinaries } from './build/binaries';
import { tagOf, writeOciLayout } from './build/oci';
import { pushTarget, RegistryClient } from './build/ociPush';
import { ensureNodeBundle } from './bundle';
import { cacheDir, kubernetesVersion } from './config';
import { ensureImageArchives, imageSpecs } from './images';

/** Where `npm run bundle` puts bundles unless told otherwise; the extension looks here too. */
export const userBundlesDir = (): string => process.env.EDGEPLANE_BUNDLES_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'edgeplane', 'bundles');

const log = (m: string): void => console.log(`  ${m}`);

export interface Flags { positional: string[]; values: Record<string, string>; bools: Set<string> }

/** --name value / --name=value / --flag, for the names listed as taking values. */
export function parseFlags(argv: string[], withValue: string[]): Flags {
  const f: Flags = { positional: [], values: {}, bools: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) { f.positional.push(a); continue; }
    const [name, inline] = a.slice(2).split(/=(.*)/s) as [string, string | undefined];
    if (!withValue.includes(name)) { f.bools.add(name); continue; }
    const v = inline ?? argv[++i];
    if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
    f.values[name] = v;
  }
  return f;
}

export async function bundleMain(argv: string[]): Promise<void> {
  const f = parseFlags(argv, ['version', 'arch', 'out']);
  const version = f.values.version ?? kubernetesVersion;
  const arch = (f.values.arch ?? 'amd64') as NodeArch;
  if (arch !== 'amd64' && arch !== 'arm64') throw new Error(`--arch ${arch}: use amd64 (x86_64 devices) or arm64 (aarch64 devices, e.g. a Raspberry Pi with a 64-bit OS).`);
  if (version !== kubernetesVersion) throw new Error(`--version ${version}: this checkout builds Kubernetes ${kubernetesVersion} (pinned in components/kubernetes/go.mod and components/config.ts); use that, or a checkout that pins ${version}.`);
  const out = f.values.out ?? userBundlesDir();
  console.log(`bundle: linux-${arch} node bundle for Kubernetes ${version} into ${out}`);
  if (arch === 'amd64') {
    // The components' own build: kubelet and pause come from it (cached after the first run).
    ensureComponentBinaries(log);
    await ensureImageArchives(log);
  }
  const b = await ensureNodeBundle(version, { arch, outDir: out, log });
  console.log(`bundle: ${b.path}\nbundle: sha256 ${b.sha256} (also in ${b.path}.sha256)\nbundle: ${(b.bytes / 2 ** 20).toFixed(1)} MiB
Bootstrap Device finds bundles in ${userBundlesDir()} by name (edgeplane-node-<version>-linux-<arch>.tar.gz);
elsewhere, set edgeplane.bootstrap.bundlePath to one of them (the other architectures are looked for beside it).`);
}

const nameOf = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1).split(':')[0] ?? '';
const imageNames = ['kube-controlplane', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'etcd', 'pause'];

export async function imageMain(argv: string[]): Promise<void> {
  const f = parseFlags(argv, ['push', 'out']);
  const [what] = f.positional;
  if (!what || (what !== 'all' && !imageNames.includes(what))) {
    throw new Error(`name an image: ${imageNames.join(', ')} or all (e.g. npm run image -- kube-controlplane --push registry.example.com/edge)`);
  }
  ensureComponentBinaries(log);
  const specs = imageSpecs().filter((s) => what === 'all' || nameOf(s.ref) === what);
  const outRoot = f.values.out ?? join(cacheDir, 'oci');
  for (const s of specs) {
    const name = nameOf(s.ref);
    const tag = tagOf(s.ref);
    const layout = await writeOciLayout({ ref: s.ref, arch: 'amd64', files: s.files, entrypoint: s.entrypoint }, join(outRoot, `${name}-${tag}`));
    console.log(`image: ${s.ref} -> OCI layout ${layout.dir} (${layout.manifestDigest})`);
    if (!f.values.push) continue;
    const target = pushTarget(f.values.push, name, tag, f.bools.has('insecure'));
    const pushed = await new RegistryClient(target).push(layout, log);
    console.log(`image: pushed ${pushed}`);
  }
  if (f.values.push) {
    console.log(`image: set edgeplane.imageRegistry to "${f.values.push.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '')}" so control planes pull from there${what === 'kube-controlplane' ? ' (the standard images, etcd and pause too: push them with `npm run image -- all --push ...`, or mirror registry.k8s.io there)' : ''}.`);
  }
}
