import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { ensurePki, privateParts } from './bundle';
import { isSignedBy } from './x509';

const names = { apiserverSans: ['kubernetes', '10.96.0.1', '10.213.0.1'], etcdSans: ['127.0.0.1', '10.215.0.9'], adminUser: 'edgeplane-lab-edge-a-admin' };

test('a first run issues every CA, key and certificate; a second reuses them all', async () => {
  const first = await ensurePki({}, names);
  for (const f of ['ca', 'front-proxy-ca', 'etcd-ca', 'sa', 'apiserver', 'apiserver-kubelet-client', 'front-proxy-client', 'apiserver-etcd-client', 'etcd-server', 'etcd-peer', 'admin', 'controller-manager', 'scheduler']) {
    assert.ok(first.issued.includes(f), `${f} issued`);
  }
  assert.ok(isSignedBy(first.files['etcd-server.crt']!, first.files['etcd-ca.crt']!));
  assert.ok(isSignedBy(first.files['front-proxy-client.crt']!, first.files['front-proxy-ca.crt']!));
  assert.ok(!isSignedBy(first.files['etcd-server.crt']!, first.files['ca.crt']!));
  assert.equal(new X509Certificate(first.files['admin.crt']!).subject, 'CN=edgeplane-lab-edge-a-admin\nO=system:masters');
  assert.ok(new X509Certificate(first.files['apiserver.crt']!).checkIP('10.213.0.1'));
  const second = await ensurePki(first.files, names);
  assert.deepEqual(second.issued, []);
  assert.deepEqual(second.files, first.files);
});

test('new names re-issue only the certificates that carry them, never a CA', async () => {
  const first = await ensurePki({}, names);
  const moved = await ensurePki(first.files, { ...names, apiserverSans: [...names.apiserverSans, '192.0.2.7'] });
  // The tunnel's server is reached by the apiserver's names.
  assert.deepEqual(moved.issued, ['apiserver', 'konnectivity-server']);
  assert.equal(moved.files['ca.crt'], first.files['ca.crt']);
  assert.equal(moved.files['sa.key'], first.files['sa.key']);
  assert.ok(new X509Certificate(moved.files['apiserver.crt']!).checkIP('192.0.2.7'));
});

test('leaves near expiry are renewed by a later run', async () => {
  const first = await ensurePki({}, names);
  const later = new Date(Date.now() + 340 * 86_400_000);
  const renewed = await ensurePki(first.files, names, later);
  assert.ok(renewed.issued.includes('apiserver'));
  assert.ok(!renewed.issued.includes('ca'));
});

test('privateParts lists exactly the private keys', async () => {
  const { files } = await ensurePki({}, names);
  const parts = privateParts(files);
  assert.equal(parts.length, Object.keys(files).filter((k) => k.endsWith('.key')).length);
  assert.ok(parts.every((p) => p.includes('PRIVATE KEY')));
});

test('renewing re-issues every leaf from the same CAs and keeps the CAs and the service-account key', async () => {
  const first = await ensurePki({}, names);
  const renewed = await ensurePki(first.files, names, new Date(), { renewLeaves: true });
  const leaves = ['apiserver', 'apiserver-kubelet-client', 'front-proxy-client', 'apiserver-etcd-client', 'etcd-server', 'etcd-peer', 'admin', 'controller-manager', 'scheduler'];
  assert.deepEqual([...renewed.issued].sort(), [...leaves].sort());
  for (const ca of ['ca', 'front-proxy-ca', 'etcd-ca']) assert.equal(renewed.files[`${ca}.crt`], first.files[`${ca}.crt`], `${ca} kept`);
  assert.equal(renewed.files['sa.key'], first.files['sa.key']);
  for (const l of leaves) {
    assert.notEqual(new X509Certificate(renewed.files[`${l}.crt`]!).serialNumber, new X509Certificate(first.files[`${l}.crt`]!).serialNumber, `${l} has a new serial`);
  }
  assert.ok(isSignedBy(renewed.files['apiserver.crt']!, first.files['ca.crt']!));
});
