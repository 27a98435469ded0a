// `npm run image -- kube-controlplane --push REGISTRY` as a user with a seed of their
// own runs it, against a real registry (CNCF distribution) on loopback: afterwards the
// registry serves the image under the tag a compact control plane pulls, for linux/amd64,
// with the entrypoint it runs, and every blob matches its digest. A second push sends
// no blob again.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { kubernetesVersion } from '../../lab/config';
import { startTestRegistry, type TestRegistry } from '../../lab/build/testRegistry';

const root = resolve(__dirname, '..', '..');
const repo = 'edge-newc';
let registry: TestRegistry;
const out = mkdtempSync(join(tmpdir(), 'edgeplane-oci-'));

function image(...args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/image.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 1_800_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function get(path: string, accept?: string): Promise<Response> {
  return fetch(`http://${registry.address}${path}`, { headers: accept ? { Accept: accept } : {} });
}

describe('npm run image -- kube-controlplane --push', () => {
  before(async () => {
    registry = await startTestRegistry((m) => console.log(`registry: ${m}`));
  });
  after(() => {
    registry?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('pushes the compact image under <registry>/kube-controlplane:<version> and says which setting to use', () => {
    const r = image('kube-controlplane', '--push', `${registry.address}/${repo}`, '--out', out);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`pushed ${registry.address}/${repo}/kube-controlplane:${kubernetesVersion}@sha256:[0-9a-f]{64}`));
    assert.match(r.out, new RegExp(`set edgeplane.imageRegistry to "${registry.address}/${repo}"`));
  });

  it('the registry serves it for linux/amd64 with kube-controlplane as its entrypoint, every blob matching its digest', async () => {
    const m = await get(`/v2/${repo}/kube-controlplane/manifests/${kubernetesVersion}`, 'application/vnd.oci.image.manifest.v1+json');
    assert.equal(m.status, 200);
    const manifest = (await m.json()) as { config: { digest: string }; layers: Array<{ digest: string; size: number }> };
    const blob = async (digest: string): Promise<Buffer> => {
      const res = await get(`/v2/${repo}/kube-controlplane/blobs/${digest}`);
      assert.equal(res.status, 200, digest);
      const b = Buffer.from(await res.arrayBuffer());
      assert.equal(`sha256:${createHash('sha256').update(b).digest('hex')}`, digest);
      return b;
    };
    const config = JSON.parse((await blob(manifest.config.digest)).toString('utf8')) as { architecture: string; os: string; config: { Entrypoint: string[] } };
    assert.deepEqual([config.os, config.architecture], ['linux', 'amd64']);
    assert.deepEqual(config.config.Entrypoint, ['/usr/local/bin/kube-controlplane']);
    assert.equal(manifest.layers.length, 1);
    const layer = await blob(manifest.layers[0]?.digest ?? '');
    assert.ok(layer.includes(Buffer.from('usr/local/bin/kube-controlplane')), 'the layer holds the binary');
  });

  it('a second push finds every blob there and sends none again', () => {
    const r = image('kube-controlplane', '--push', `${registry.address}/${repo}`, '--out', out);
    assert.equal(r.code, 0, r.out);
    assert.doesNotMatch(r.out, /^\s+pushed sha256/m);
    assert.match(r.out, /already there: sha256:/);
  });

  it('a registry that is not there: one line that names it', () => {
    const r = image('kube-controlplane', '--push', '127.0.0.1:9/nothing', '--out', out);
    assert.equal(r.code, 1);
    assert.match(r.out, /npm run image: .*127\.0\.0\.1:9/);
  });
});
