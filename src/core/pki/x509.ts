// X.509 certificates with ECDSA P-256 keys. node-forge builds the ASN.1 (it has
// no ECDSA signer), Node's crypto makes keys and signs: fast, no event-loop
// stalls, and every Kubernetes component accepts ECDSA.
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import forge from 'node-forge';

const { asn1, pki } = forge;
const ecdsaWithSha256 = '1.2.840.10045.4.3.2';
const generateKeyPairAsync = promisify(generateKeyPair);

export interface KeyPair {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** SPKI PEM. */
  publicKeyPem: string;
}

export async function generateEcKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPairAsync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export type Usage = 'ca' | 'server' | 'client' | 'serverAndClient';

export interface CertRequest {
  commonName: string;
  organizations?: string[];
  usage: Usage;
  dnsNames?: string[];
  ips?: string[];
  /** Public key of the subject, SPKI PEM. */
  publicKeyPem: string;
  validityDays: number;
}

export interface Signer {
  certPem: string;
  privateKeyPem: string;
}

/** Issues a certificate; without `issuer` it is self-signed (then the request's key must be the signer's). */
export function issueCertificate(req: CertRequest, issuer: Signer | { selfSignedWith: string }): string {
  const spkiDer = createPublicKey(req.publicKeyPem).export({ type: 'spki', format: 'der' });
  const ski = subjectKeyId(spkiDer);
  const cert = pki.createCertificate();
  // Positive 128-bit serial: a leading 0x01 byte keeps the DER INTEGER positive.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 5 * 60_000); // tolerate small clock skew
  cert.validity.notAfter = new Date(now + req.validityDays * 86_400_000);
  // PrintableString has no "@" or "_" (Go's parser refuses such a certificate): other names go as UTF8String.
  const attr = (shortName: string, value: string): { shortName: string; value: string; valueTagClass?: number } =>
    /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? { shortName, value } : { shortName, value, valueTagClass: asn1.Type.UTF8 };
  const subject = [attr('CN', req.commonName), ...(req.organizations ?? []).map((o) => attr('O', o))];
  cert.setSubject(subject);
  // The issuer name is copied as DER from the issuer's certificate below (forge cannot parse EC certificates).
  cert.setIssuer(subject);
  let signerKeyPem: string;
  let authorityKeyId: string;
  let issuerName: forge.asn1.Asn1 | undefined;
  if ('selfSignedWith' in issuer) {
    signerKeyPem = issuer.selfSignedWith;
    authorityKeyId = ski;
  } else {
    const issuerX509 = new X509Certificate(issuer.certPem);
    const issuerAsn1 = asn1.fromDer(forge.util.createBuffer(issuerX509.raw.toString('binary')));
    const issuerTbs = (issuerAsn1.value as forge.asn1.Asn1[])[0]!;
    issuerName = (issuerTbs.value as forge.asn1.Asn1[])[5]!;
    signerKeyPem = issuer.privateKeyPem;
    authorityKeyId = subjectKeyId(issuerX509.publicKey.export({ type: 'spki', format: 'der' }));
  }
  // forge computes key identifiers only for RSA keys: hand it ours.
  cert.generateSubjectKeyIdentifier = () => forge.util.createBuffer(ski);
  cert.setExtensions(extensionsFor(req, authorityKeyId));
  // forge serialises only RSA public keys: put a placeholder in, then swap in the real SPKI.
  cert.publicKey = pki.setRsaPublicKey(new forge.jsbn.BigInteger('3'), new forge.jsbn.BigInteger('3'));
  // Any OID forge knows; the AlgorithmIdentifier is replaced below (ECDSA takes no parameters).
  cert.siginfo.algorithmOid = pki.oids.sha256WithRSAEncryption!;
  const tbs = (pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert); // untyped in @types
  const algorithm = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(ecdsaWithSha256).getBytes()),
  ]);
  const fields = tbs.value as forge.asn1.Asn1[];
  fields[2] = algorithm;
  if (issuerName) fields[3] = issuerName;
  fields[6] = asn1.fromDer(forge.util.createBuffer(spkiDer.toString('binary')));
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, createPrivateKey(signerKeyPem));
  const certAsn1 = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(ecdsaWithSha256).getBytes()),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\u0000' + signature.toString('binary')),
  ]);
  return forge.pem.encode({ type: 'CERTIFICATE', body: asn1.toDer(certAsn1).getBytes() });
}

function extensionsFor(req: CertRequest, authorityKeyId: string): object[] {
  const ext: object[] = [];
  if (req.usage === 'ca') {
    ext.push({ name: 'basicConstraints', cA: true, critical: true });
    ext.push({ name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: true, cRLSign: true });
  } else {
    ext.push({ name: 'basicConstraints', cA: false, critical: true });
    ext.push({ name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true });
    ext.push({
      name: 'extKeyUsage',
      serverAuth: req.usage === 'server' || req.usage === 'serverAndClient',
      clientAuth: req.usage === 'client' || req.usage === 'serverAndClient',
    });
  }
  ext.push({ name: 'subjectKeyIdentifier' });
  ext.push({ name: 'authorityKeyIdentifier', keyIdentifier: authorityKeyId });
  const alt = [
    ...(req.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(req.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  if (alt.length > 0) ext.push({ name: 'subjectAltName', altNames: alt });
  return ext;
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING's bytes, as a binary string. */
function subjectKeyId(spkiDer: Buffer): string {
  const spki = asn1.fromDer(forge.util.createBuffer(spkiDer.toString('binary')));
  const bits = (spki.value as forge.asn1.Asn1[])[1]!.value as string;
  // The BIT STRING value starts with the unused-bits byte.
  return createHash('sha1').update(Buffer.from(bits.slice(1), 'binary')).digest().toString('binary');
}

/** Splits a mixed list of names into DNS names and IP addresses, dropping duplicates. */
export function splitSans(names: Iterable<string>): { dnsNames: string[]; ips: string[] } {
  const dns = new Set<string>();
  const ips = new Set<string>();
  for (const n of names) {
    if (!n) continue;
    if (isIP(n)) ips.add(n);
    else dns.add(n.toLowerCase());
  }
  return { dnsNames: [...dns].sort(), ips: [...ips].sort() };
}

export interface CertFacts {
  subject: string;
  issuer: string;
  dnsNames: string[];
  ips: string[];
  notAfter: Date;
}

/** Reads the facts reuse decisions need, with Node's parser. */
export function certFacts(certPem: string): CertFacts {
  const c = new X509Certificate(certPem);
  const dnsNames: string[] = [];
  const ips: string[] = [];
  for (const part of (c.subjectAltName ?? '').split(', ')) {
    if (part.startsWith('DNS:')) dnsNames.push(part.slice(4).toLowerCase());
    else if (part.startsWith('IP Address:')) ips.push(normaliseIp(part.slice(11)));
  }
  return { subject: c.subject, issuer: c.issuer, dnsNames: dnsNames.sort(), ips: ips.sort(), notAfter: new Date(c.validTo) };
}

function normaliseIp(ip: string): string {
  // Node prints IPv6 SANs uncompressed; compare through URL parsing.
  if (!ip.includes(':')) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}

/** True when `certPem` was signed by `caPem` (signature check, not just names). */
export function isSignedBy(certPem: string, caPem: string): boolean {
  try {
    return new X509Certificate(certPem).verify(new X509Certificate(caPem).publicKey);
  } catch {
    return false;
  }
}

/** True when the certificate's public key belongs to this private key. */
export function keyMatches(certPem: string, privateKeyPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(privateKeyPem));
  } catch {
    return false;
  }
}
