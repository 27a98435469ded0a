import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainL10n as l } from '../tree/l10nTypes';
import { artifactsFrom, bundleSearchDirs, type ArtifactFiles } from './artifacts';


const sum = 'a'.repeat(64);
const sum2 = 'b'.repeat(64);
const none = { bundlePath: '', mirrorUrl: '', mirrorSha256: '' };

/** A fake file system: path -> content. */
function fsOf(files: Record<string, string>): ArtifactFiles {
  return { readText: (f) => files[f], exists: (f) => f in files };
}
const empty = fsOf({});

test('a bundle takes its checksum from the .sha256 file beside it', () => {
  const r = artifactsFrom({ ...none, bundlePath: '/b/node.tar.gz' }, fsOf({ '/b/node.tar.gz': '', '/b/node.tar.gz.sha256': `${sum}  node.tar.gz\n` }), l);
  assert.deepEqual(r, { ok: true, sources: [{ kind: 'bundle', path: '/b/node.tar.gz', sha256: sum, arch: 'amd64' }] });
});

test('a bundle without a readable checksum is refused with what to do', () => {
  const r = artifactsFrom({ ...none, bundlePath: '/b/x.tgz' }, empty, l);
  assert.ok(!r.ok && /sha256sum \/b\/x\.tgz/.test(r.problem));
  const bad = artifactsFrom({ ...none, bundlePath: '/b/x.tgz' }, fsOf({ '/b/x.tgz.sha256': 'nope' }), l);
  assert.ok(!bad.ok && !bad.missingBundle);
});

test('the linux-arm64 bundle beside a configured linux-amd64 one is used for arm64 devices', () => {
  const amd = '/b/edgeplane-node-v1.35.4-linux-amd64.tar.gz';
  const arm = '/b/edgeplane-node-v1.35.4-linux-arm64.tar.gz';
  const r = artifactsFrom({ ...none, bundlePath: amd }, fsOf({ [amd]: '', [`${amd}.sha256`]: sum, [arm]: '', [`${arm}.sha256`]: sum2 }), l);
  assert.deepEqual(r, { ok: true, sources: [
    { kind: 'bundle', path: amd, sha256: sum, arch: 'amd64' },
    { kind: 'bundle', path: arm, sha256: sum2, arch: 'arm64' },
  ] });
  const onlyArm = artifactsFrom({ ...none, bundlePath: arm }, fsOf({ [arm]: '', [`${arm}.sha256`]: sum2 }), l);
  assert.deepEqual(onlyArm, { ok: true, sources: [{ kind: 'bundle', path: arm, sha256: sum2, arch: 'arm64' }] });
});

test('with nothing configured, the bundles of `npm run bundle` and the lab are found without asking', () => {
  const dirs = ['/home/u/.cache/edgeplane/bundles', '/root/.cache/edgeplane-lab/bundles'];
  const lab = '/root/.cache/edgeplane-lab/bundles/edgeplane-node-v1.35.4-linux-amd64.tar.gz';
  const own = '/home/u/.cache/edgeplane/bundles/edgeplane-node-v1.35.4-linux-arm64.tar.gz';
  const r = artifactsFrom(none, fsOf({ [lab]: '', [`${lab}.sha256`]: sum, [own]: '', [`${own}.sha256`]: sum2 }), l, { version: 'v1.35.4', dirs });
  assert.deepEqual(r, { ok: true, sources: [
    { kind: 'bundle', path: lab, sha256: sum, arch: 'amd64' },
    { kind: 'bundle', path: own, sha256: sum2, arch: 'arm64' },
  ] });
  // Another version's bundle is not taken for this one; the message says where it looked and how to make one.
  const other = artifactsFrom(none, fsOf({ [lab]: '', [`${lab}.sha256`]: sum }), l, { version: 'v1.36.0', dirs });
  assert.ok(!other.ok && other.missingBundle);
  assert.match(other.problem, /Kubernetes v1\.36\.0 was found in \/home\/u\/\.cache\/edgeplane\/bundles, \/root\/\.cache\/edgeplane-lab\/bundles\. Build one with `npm run bundle -- --arch amd64`/);
});

test('bundle folders: EDGEPLANE_BUNDLES_DIR, then npm run bundle\'s default, then the lab\'s cache', () => {
  assert.deepEqual(bundleSearchDirs({}, '/home/u'), ['/home/u/.cache/edgeplane/bundles', '/home/u/.cache/edgeplane-lab/bundles']);
  assert.deepEqual(bundleSearchDirs({ EDGEPLANE_BUNDLES_DIR: '/srv/b', EDGEPLANE_LAB_CACHE: '/c' }, '/h'), ['/srv/b', '/h/.cache/edgeplane/bundles', '/c/bundles']);
});

test('a mirror needs a URL and a SHA-256; {arch} in the URL takes one per architecture', () => {
  assert.ok(!artifactsFrom({ ...none, mirrorUrl: 'ftp://x' }, empty, l).ok);
  assert.ok(!artifactsFrom({ ...none, mirrorUrl: 'https://m/x.tgz' }, empty, l).ok);
  const ok = artifactsFrom({ ...none, mirrorUrl: 'https://m/x.tgz', mirrorSha256: sum.toUpperCase() }, empty, l);
  assert.deepEqual(ok, { ok: true, sources: [{ kind: 'mirror', url: 'https://m/x.tgz', sha256: sum, arch: 'amd64' }] });
  const both = artifactsFrom({ ...none, mirrorUrl: 'https://m/edgeplane-node-v1.35.4-linux-{arch}.tar.gz', mirrorSha256: `amd64=${sum} arm64=${sum2}` }, empty, l);
  assert.deepEqual(both, { ok: true, sources: [
    { kind: 'mirror', url: 'https://m/edgeplane-node-v1.35.4-linux-amd64.tar.gz', sha256: sum, arch: 'amd64' },
    { kind: 'mirror', url: 'https://m/edgeplane-node-v1.35.4-linux-arm64.tar.gz', sha256: sum2, arch: 'arm64' },
  ] });
  const noPairs = artifactsFrom({ ...none, mirrorUrl: 'https://m/n-{arch}.tgz', mirrorSha256: sum }, empty, l);
  assert.ok(!noPairs.ok && /amd64=<sha256> arm64=<sha256>/.test(noPairs.problem));
  const empty2 = artifactsFrom(none, empty, l);
  assert.ok(!empty2.ok && empty2.missingBundle);
});
