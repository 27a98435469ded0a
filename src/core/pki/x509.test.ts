import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { certFacts, generateEcKeyPair, isSignedBy, issueCertificate, keyMatches, splitSans } from './x509';

test('a CA signs a server certificate that Node verifies, with its names and usages', async () => {
  const caKey = await generateEcKeyPair();
  const ca = issueCertificate({ commonName: 'kubernetes', usage: 'ca', publicKeyPem: caKey.publicKeyPem, validityDays: 10 }, { selfSignedWith: caKey.privateKeyPem });
  const leafKey = await generateEcKeyPair();
  const leaf = issueCertificate(
    { commonName: 'kube-apiserver', usage: 'server', dnsNames: ['kubernetes.default'], ips: ['10.96.0.1', '127.0.0.1'], publicKeyPem: leafKey.publicKeyPem, validityDays: 10 },
    { certPem: ca, privateKeyPem: caKey.privateKeyPem },
  );
  const caX = new X509Certificate(ca);
  const leafX = new X509Certificate(leaf);
  assert.equal(caX.ca, true);
  assert.equal(leafX.ca, false);
  assert.ok(leafX.checkIssued(caX), 'issuer name and key identifiers chain to the CA');
  assert.ok(isSignedBy(leaf, ca));
  assert.ok(isSignedBy(ca, ca));
  assert.ok(keyMatches(leaf, leafKey.privateKeyPem));
  assert.ok(!keyMatches(leaf, caKey.privateKeyPem));
  assert.ok(leafX.checkHost('kubernetes.default'));
  assert.ok(leafX.checkIP('10.96.0.1'));
  assert.deepEqual(leafX.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  const facts = certFacts(leaf);
  assert.equal(facts.subject, 'CN=kube-apiserver');
  assert.equal(facts.issuer, 'CN=kubernetes');
  assert.deepEqual(facts.ips, ['10.96.0.1', '127.0.0.1']);
});

test('a certificate from another CA does not verify', async () => {
  const a = await generateEcKeyPair();
  const b = await generateEcKeyPair();
  const caA = issueCertificate({ commonName: 'a', usage: 'ca', publicKeyPem: a.publicKeyPem, validityDays: 1 }, { selfSignedWith: a.privateKeyPem });
  const caB = issueCertificate({ commonName: 'a', usage: 'ca', publicKeyPem: b.publicKeyPem, validityDays: 1 }, { selfSignedWith: b.privateKeyPem });
  const k = await generateEcKeyPair();
  const leaf = issueCertificate({ commonName: 'x', organizations: ['system:masters'], usage: 'client', publicKeyPem: k.publicKeyPem, validityDays: 1 }, { certPem: caA, privateKeyPem: a.privateKeyPem });
  assert.ok(isSignedBy(leaf, caA));
  assert.ok(!isSignedBy(leaf, caB));
  assert.equal(new X509Certificate(leaf).subject, 'CN=x\nO=system:masters');
  assert.deepEqual(new X509Certificate(leaf).keyUsage, ['1.3.6.1.5.5.7.3.2']);
});

test('splitSans separates IPs from names and drops duplicates', () => {
  assert.deepEqual(splitSans(['b', '10.0.0.1', 'A', 'b', '', '::1']), { dnsNames: ['a', 'b'], ips: ['10.0.0.1', '::1'] });
});

test('names with "@" (export users) are encoded as UTF8String, which Go\'s certificate parser accepts', async () => {
  const ca = await generateEcKeyPair();
  const caCert = issueCertificate({ commonName: 'ca', usage: 'ca', publicKeyPem: ca.publicKeyPem, validityDays: 1 }, { selfSignedWith: ca.privateKeyPem });
  const kp = await generateEcKeyPair();
  const cn = 'edgeplane:export:alice@laptop:2026-12-03';
  const pem = issueCertificate({ commonName: cn, organizations: [`${cn}:abc`], usage: 'client', publicKeyPem: kp.publicKeyPem, validityDays: 30 }, { certPem: caCert, privateKeyPem: ca.privateKeyPem });
  const der = new X509Certificate(pem).raw;
  // 0x0c = UTF8String, then the length and the bytes; a PrintableString (0x13) may not hold "@".
  const utf8 = Buffer.concat([Buffer.from([0x0c, cn.length]), Buffer.from(cn)]);
  assert.ok(der.includes(utf8), 'the CN is a UTF8String');
  assert.ok(!der.includes(Buffer.concat([Buffer.from([0x13, cn.length]), Buffer.from(cn)])), 'not a PrintableString');
  assert.match(new X509Certificate(pem).subject, /CN=edgeplane:export:alice@laptop:2026-12-03/);
});
