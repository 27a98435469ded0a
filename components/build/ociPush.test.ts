import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { credentialsFor, parseChallenge, pushTarget, RegistryClient } from './ociPush';
import { writeOciLayout } from './oci';

test('a registry argument becomes host, repository and scheme; loopback speaks plain http', () => {
  assert.deepEqual(pushTarget('registry.example.com/edge', 'kube-controlplane', 'v1.35.4'), { host: 'registry.example.com', name: 'edge/kube-controlplane', tag: 'v1.35.4', plainHttp: false });
  assert.deepEqual(pushTarget('127.0.0.1:5000', 'pause', '3.10.1'), { host: '127.0.0.1:5000', name: 'pause', tag: '3.10.1', plainHttp: true });
  assert.equal(pushTarget('reg.lan:5000/a/b/', 'etcd', 'x', true).plainHttp, true);
  assert.throws(() => pushTarget('not a registry', 'x', 'y'), /is not a registry/);
});

test('credentials: the environment first, then docker\'s config; a Bearer challenge is parsed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgeplane-docker-'));
  const cfg = join(dir, 'config.json');
  writeFileSync(cfg, JSON.stringify({ auths: { 'reg.lan:5000': { auth: Buffer.from('ci:s3cret').toString('base64') } } }));
  assert.deepEqual(credentialsFor('reg.lan:5000', {}, cfg), { username: 'ci', password: 's3cret' });
  assert.deepEqual(credentialsFor('reg.lan:5000', { EDGEPLANE_REGISTRY_USERNAME: 'u', EDGEPLANE_REGISTRY_PASSWORD: 'p' }, cfg), { username: 'u', password: 'p' });
  assert.equal(credentialsFor('other:5000', {}, cfg), undefined);
  assert.deepEqual(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a:pull"'), {
    scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a:pull' },
  });
});

// A registry that answers 401 with a Bearer challenge until it gets the token its
// token endpoint hands out for the right credentials (the flow ghcr.io, Docker Hub and
// Harbor use); the real distribution registry without auth is exercised by the integration test.
test('a push answers a Bearer challenge with a token fetched with the credentials', async () => {
  const seen: string[] = [];
  let base = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    seen.push(`${req.method} ${url.pathname}`);
    if (url.pathname === '/token') {
      const ok = req.headers.authorization === `Basic ${Buffer.from('ci:s3cret').toString('base64')}` && url.searchParams.get('scope') === 'repository:edge/pause:pull,push';
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(ok ? JSON.stringify({ token: 'tok' }) : '{}');
      return;
    }
    if (req.headers.authorization !== 'Bearer tok') {
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${base}/token",service="test"` }).end();
      return;
    }
    req.resume();
    req.on('end', () => {
      if (req.method === 'HEAD') res.writeHead(404).end();
      else if (req.method === 'POST') res.writeHead(202, { Location: '/v2/edge/pause/blobs/uploads/u1?state=x' }).end();
      else res.writeHead(201).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
  try {
    const dir = mkdtempSync(join(tmpdir(), 'edgeplane-oci-'));
    writeFileSync(join(dir, 'pause'), 'not really a binary');
    const layout = await writeOciLayout({ ref: 'x/pause:3.10.1', arch: 'arm64', files: [[join(dir, 'pause'), 'pause']], entrypoint: ['/pause'] }, join(dir, 'layout'));
    const client = new RegistryClient(pushTarget(`127.0.0.1:${port}/edge`, 'pause', '3.10.1'), { username: 'ci', password: 's3cret' });
    const ref = await client.push(layout, () => {});
    assert.equal(ref, `127.0.0.1:${port}/edge/pause:3.10.1@${layout.manifestDigest}`);
    assert.ok(seen.includes('GET /token'));
    assert.ok(seen.includes('PUT /v2/edge/pause/manifests/3.10.1'));
    assert.equal(seen.filter((s) => s === 'PUT /v2/edge/pause/blobs/uploads/u1').length, 2, 'layer and config uploaded');
  } finally {
    server.close();
  }
});
