// Reads the names in a PKCS#10 CSR (any key type: node-forge's own CSR parser
// only handles RSA, kubelets use ECDSA), so a serving certificate is approved
// only for names and addresses that belong to the device.
import forge from 'node-forge';

export interface CsrNames {
  commonName?: string;
  organizations: string[];
  dnsNames: string[];
  ipAddresses: string[];
}

const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';
const OID_EXT_REQ = '1.2.840.113549.1.9.14';
const OID_SAN = '2.5.29.17';

type Asn1 = forge.asn1.Asn1;

function ipFromBytes(bytes: string): string {
  const b = Buffer.from(bytes, 'binary');
  if (b.length === 4) return [...b].join('.');
  const parts: string[] = [];
  for (let i = 0; i < b.length; i += 2) parts.push(b.readUInt16BE(i).toString(16));
  return parts.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

export function parseCsrNames(pem: string): CsrNames {
  const der = forge.pem.decode(pem)[0]?.body;
  if (!der) throw new Error('not a PEM certificate request');
  const root = forge.asn1.fromDer(der);
  const info = (root.value as Asn1[])[0] as Asn1;
  const fields = info.value as Asn1[];
  const subject = fields[1] as Asn1;
  const out: CsrNames = { organizations: [], dnsNames: [], ipAddresses: [] };
  for (const rdn of subject.value as Asn1[]) {
    for (const atv of rdn.value as Asn1[]) {
      const [oid, val] = atv.value as Asn1[];
      const o = forge.asn1.derToOid(oid?.value as string);
      if (o === OID_CN) out.commonName = val?.value as string;
      if (o === OID_O) out.organizations.push(val?.value as string);
    }
  }
  // Attributes are the [0] context-specific element after the public key.
  const attrs = fields.find((f) => f.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && f.type === 0);
  for (const attr of (attrs?.value as Asn1[] | undefined) ?? []) {
    const [oid, set] = attr.value as Asn1[];
    if (forge.asn1.derToOid(oid?.value as string) !== OID_EXT_REQ) continue;
    for (const exts of (set?.value as Asn1[]) ?? []) {
      for (const ext of exts.value as Asn1[]) {
        const parts = ext.value as Asn1[];
        if (forge.asn1.derToOid(parts[0]?.value as string) !== OID_SAN) continue;
        const octets = parts[parts.length - 1] as Asn1;
        const names = forge.asn1.fromDer(octets.value as string);
        for (const gn of names.value as Asn1[]) {
          if (gn.type === 2) out.dnsNames.push(gn.value as string);
          if (gn.type === 7) out.ipAddresses.push(ipFromBytes(gn.value as string));
        }
      }
    }
  }
  return out;
}

/** Why a kubelet-serving CSR may not be approved, or undefined when it may. */
export function servingCsrProblem(names: CsrNames, username: string, nodeName: string, allowedDns: string[], allowedIps: string[]): string | undefined {
  if (username !== `system:node:${nodeName}`) return `it was requested by ${username}, not system:node:${nodeName}`;
  if (names.commonName !== `system:node:${nodeName}`) return `its common name is ${names.commonName ?? 'missing'}`;
  if (!names.organizations.includes('system:nodes')) return 'its organization is not system:nodes';
  if (names.dnsNames.length + names.ipAddresses.length === 0) return 'it names no DNS name or IP address';
  const badDns = names.dnsNames.filter((d) => !allowedDns.includes(d.toLowerCase()));
  if (badDns.length > 0) return `it asks for DNS names that are not the device's: ${badDns.join(', ')}`;
  const badIps = names.ipAddresses.filter((ip) => !allowedIps.includes(ip));
  if (badIps.length > 0) return `it asks for IP addresses that are not the device's: ${badIps.join(', ')}`;
  return undefined;
}
