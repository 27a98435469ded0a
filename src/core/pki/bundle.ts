// A control plane's whole PKI as one map of file name -> PEM, the way kubeadm
// lays out /etc/kubernetes/pki. Existing material is reused: CAs and the
// service-account key are never rotated by a re-run; a leaf is re-issued only
// when its names changed, it is close to expiry, or it no longer matches its CA.
import { certFacts, generateEcKeyPair, isSignedBy, issueCertificate, keyMatches, splitSans, type Usage } from './x509';

export const caValidityDays = 3650;
export const leafValidityDays = 365;
/** Leaves closer to expiry than this are re-issued by the next create. */
const renewBeforeDays = 30;

export type PkiFiles = Record<string, string>;

export interface PkiNames {
  /** Names and addresses the apiserver is reached by (Service DNS names, ClusterIPs, exposed address...). */
  apiserverSans: string[];
  /** Names and addresses etcd members are reached by (per-member Service ClusterIPs, aliases, 127.0.0.1). */
  etcdSans: string[];
  /** User name of the admin's client certificate, unique to the control plane. */
  adminUser: string;
}

interface CaDef {
  file: string;
  commonName: string;
}

interface LeafDef {
  file: string;
  ca: string;
  commonName: string;
  organizations?: string[];
  usage: Usage;
  sans?: string[];
}

const cas: CaDef[] = [
  { file: 'ca', commonName: 'kubernetes' },
  { file: 'front-proxy-ca', commonName: 'front-proxy-ca' },
  { file: 'etcd-ca', commonName: 'etcd-ca' },
];

function leaves(names: PkiNames): LeafDef[] {
  return [
    { file: 'apiserver', ca: 'ca', commonName: 'kube-apiserver', usage: 'server', sans: names.apiserverSans },
    // Authorised at the kubelets through the system:kubelet-api-admin binding the create step makes.
    { file: 'apiserver-kubelet-client', ca: 'ca', commonName: 'kube-apiserver-kubelet-client', usage: 'client' },
    { file: 'front-proxy-client', ca: 'front-proxy-ca', commonName: 'front-proxy-client', usage: 'client' },
    { file: 'apiserver-etcd-client', ca: 'etcd-ca', commonName: 'kube-apiserver-etcd-client', usage: 'client' },
    { file: 'etcd-server', ca: 'etcd-ca', commonName: 'etcd-server', usage: 'serverAndClient', sans: names.etcdSans },
    { file: 'etcd-peer', ca: 'etcd-ca', commonName: 'etcd-peer', usage: 'serverAndClient', sans: names.etcdSans },
    // system:masters: the person who created the cluster must be able to repair RBAC itself.
    { file: 'admin', ca: 'ca', commonName: names.adminUser, organizations: ['system:masters'], usage: 'client' },
    { file: 'controller-manager', ca: 'ca', commonName: 'system:kube-controller-manager', usage: 'client' },
    { file: 'scheduler', ca: 'ca', commonName: 'system:kube-scheduler', usage: 'client' },
    // The tunnel: agents reach the Konnectivity server by the apiserver's names, and the
    // server checks agents' tokens with TokenReviews as this user (bound to system:auth-delegator).
    { file: 'konnectivity-server', ca: 'ca', commonName: 'konnectivity-server', usage: 'server', sans: names.apiserverSans },
    { file: 'konnectivity-server-client', ca: 'ca', commonName: 'system:konnectivity-server', usage: 'client' },
  ];
}

export interface PkiResult {
  files: PkiFiles;
  /** File stems that were created or re-issued in this run (for the log; names only). */
  issued: string[];
}

export interface EnsurePkiOptions {
  /** Re-issue every leaf from the same CAs (Renew Certificates); CAs and the service-account key stay. */
  renewLeaves?: boolean;
}

/** Completes `existing` into a full, consistent PKI for `names`. Pure apart from key generation. */
export async function ensurePki(existing: PkiFiles, names: PkiNames, now = new Date(), opts: EnsurePkiOptions = {}): Promise<PkiResult> {
  const files: PkiFiles = { ...existing };
  const issued: string[] = [];
  for (const ca of cas) {
    const crt = files[`${ca.file}.crt`];
    const key = files[`${ca.file}.key`];
    if (crt && key && keyMatches(crt, key)) continue;
    const kp = await generateEcKeyPair();
    files[`${ca.file}.key`] = kp.privateKeyPem;
    files[`${ca.file}.crt`] = issueCertificate(
      { commonName: ca.commonName, usage: 'ca', publicKeyPem: kp.publicKeyPem, validityDays: caValidityDays },
      { selfSignedWith: kp.privateKeyPem },
    );
    issued.push(ca.file);
  }
  if (!files['sa.key'] || !files['sa.pub']) {
    const kp = await generateEcKeyPair();
    files['sa.key'] = kp.privateKeyPem;
    files['sa.pub'] = kp.publicKeyPem;
    issued.push('sa');
  }
  for (const leaf of leaves(names)) {
    const caCrt = files[`${leaf.ca}.crt`]!;
    const caKey = files[`${leaf.ca}.key`]!;
    const want = splitSans(leaf.sans ?? []);
    if (!opts.renewLeaves && leafIsCurrent(files[`${leaf.file}.crt`], files[`${leaf.file}.key`], caCrt, leaf, want, now)) continue;
    const kp = await generateEcKeyPair();
    files[`${leaf.file}.key`] = kp.privateKeyPem;
    files[`${leaf.file}.crt`] = issueCertificate(
      {
        commonName: leaf.commonName,
        organizations: leaf.organizations,
        usage: leaf.usage,
        dnsNames: want.dnsNames,
        ips: want.ips,
        publicKeyPem: kp.publicKeyPem,
        validityDays: leafValidityDays,
      },
      { certPem: caCrt, privateKeyPem: caKey },
    );
    issued.push(leaf.file);
  }
  return { files, issued };
}

function leafIsCurrent(
  crt: string | undefined,
  key: string | undefined,
  caCrt: string,
  leaf: LeafDef,
  want: { dnsNames: string[]; ips: string[] },
  now: Date,
): boolean {
  if (!crt || !key || !keyMatches(crt, key) || !isSignedBy(crt, caCrt)) return false;
  const facts = certFacts(crt);
  const subject = ['CN=' + leaf.commonName, ...(leaf.organizations ?? []).map((o) => 'O=' + o)].join('\n');
  return (
    facts.subject === subject &&
    same(facts.dnsNames, want.dnsNames) &&
    same(facts.ips, want.ips) &&
    facts.notAfter.getTime() - now.getTime() > renewBeforeDays * 86_400_000
  );
}

const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Every private key in the bundle, for redaction registration. */
export function privateParts(files: PkiFiles): string[] {
  return Object.entries(files)
    .filter(([name]) => name.endsWith('.key'))
    .map(([, v]) => v);
}
