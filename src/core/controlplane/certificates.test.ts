import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { ensurePki } from '../pki/bundle';
import { expiringWithin, kubeletCertificateTtls, nodeCertificateExpiries, pkiCertificates, pkiExpiries, type CertificateExpiry } from './certificates';

const names = { apiserverSans: ['kubernetes', '10.96.0.1'], etcdSans: ['127.0.0.1'], adminUser: 'lab-a-admin' };

test('every certificate of the PKI is listed with the end date and serial the certificate itself holds', async () => {
  const { files } = await ensurePki({}, names);
  const { certificates, missing } = pkiExpiries(files);
  assert.deepEqual(missing, []);
  assert.equal(certificates.length, pkiCertificates.length);
  for (const c of certificates) {
    const x = new X509Certificate(files[c.source.slice('pki/'.length)]!);
    assert.equal(c.notAfter.getTime(), new Date(x.validTo).getTime(), c.label);
    assert.equal(c.serial, x.serialNumber.toLowerCase());
  }
  assert.deepEqual(certificates.filter((c) => c.kind === 'ca').map((c) => c.label), ['cluster CA', 'front-proxy CA', 'etcd CA']);
});

test('a missing or broken certificate is named, not thrown', async () => {
  const { files } = await ensurePki({}, names);
  const broken = { ...files, 'etcd-peer.crt': 'not a certificate' } as Record<string, string>;
  delete broken['scheduler.crt'];
  const r = pkiExpiries(broken);
  assert.deepEqual(r.missing, ['etcd-peer.crt', 'scheduler.crt']);
  assert.equal(r.certificates.length, pkiCertificates.length - 2);
});

const metrics = `# HELP kubelet_certificate_manager_client_ttl_seconds [ALPHA] Gauge of the TTL
# TYPE kubelet_certificate_manager_client_ttl_seconds gauge
kubelet_certificate_manager_client_ttl_seconds 3.1535e+07
# TYPE kubelet_certificate_manager_server_ttl_seconds gauge
kubelet_certificate_manager_server_ttl_seconds 86400
kubelet_certificate_manager_client_expiration_renew_errors 0
`;

test("a kubelet's client and serving lifetimes are read from its metrics", () => {
  assert.deepEqual(kubeletCertificateTtls(metrics), { client: 31_535_000, server: 86_400 });
  assert.deepEqual(kubeletCertificateTtls('kubelet_running_pods 3\n'), {});
});

test('node expiries come through the node proxy, and an error says which kubelet did not answer', async () => {
  const now = new Date('2026-12-03T00:00:00Z');
  const paths: string[] = [];
  const ok = await nodeCertificateExpiries({ get: async (p) => (paths.push(p), { status: 200, body: metrics }) }, 'press-01', now);
  assert.deepEqual(paths, ['/api/v1/nodes/press-01/proxy/metrics']);
  assert.deepEqual(ok.map((c) => [c.label, c.notAfter.toISOString()]), [['kubelet client', '2027-12-02T23:43:20.000Z'], ['kubelet serving', '2026-12-04T00:00:00.000Z']]);
  await assert.rejects(nodeCertificateExpiries({ get: async () => ({ status: 503, body: '' }) }, 'press-02', now), /kubelet of press-02 .*HTTP 503/);
});

test('expiring within N days: only those, soonest first, ended ones included', () => {
  const now = new Date('2026-12-03T00:00:00Z');
  const at = (days: number, label: string): CertificateExpiry => ({ label, kind: 'leaf', source: 'x', notAfter: new Date(now.getTime() + days * 86_400_000) });
  const list = [at(400, 'far'), at(20, 'soon'), at(-1, 'ended'), at(29.9, 'edge')];
  assert.deepEqual(expiringWithin(list, 30, now).map((c) => c.label), ['ended', 'soon', 'edge']);
});
