// When each certificate of an edge cluster ends, read from the certificates
// themselves: the control plane's PKI Secret in the seed (CAs and every leaf the
// components use), and each kubelet's own client and serving certificates, which
// only the kubelet holds: it reports their remaining lifetime as metrics, read
// through the apiserver's node proxy (so it works wherever logs and exec do).
import { X509Certificate } from 'node:crypto';
import { UserFacingError } from '../errors';
import { connectSeed, errorReason, isNotFound } from '../kube/client';
import type { PkiFiles } from '../pki/bundle';
import { namespaceFor, type SeedConfig } from '../seeds';
import { decodeSecret } from './manifests/secrets';
import { objectNames } from './names';

export type CertificateKind = 'ca' | 'leaf' | 'kubelet';

export interface CertificateExpiry {
  /** What it is, for a person: "cluster CA", "apiserver serving", "kubelet client"... */
  label: string;
  kind: CertificateKind;
  /** Where it lives: "pki/ca.crt", or "node dev-a". */
  source: string;
  notAfter: Date;
  /** Hex serial number; kubelets report only a lifetime, so theirs have none. */
  serial?: string;
}

/** Every certificate of the PKI Secret, in the order a person reads them. */
export const pkiCertificates: readonly { file: string; label: string; kind: CertificateKind }[] = [
  { file: 'ca', label: 'cluster CA', kind: 'ca' },
  { file: 'apiserver', label: 'apiserver serving', kind: 'leaf' },
  { file: 'apiserver-kubelet-client', label: 'apiserver to kubelet client', kind: 'leaf' },
  { file: 'front-proxy-ca', label: 'front-proxy CA', kind: 'ca' },
  { file: 'front-proxy-client', label: 'front-proxy client', kind: 'leaf' },
  { file: 'etcd-ca', label: 'etcd CA', kind: 'ca' },
  { file: 'etcd-server', label: 'etcd server', kind: 'leaf' },
  { file: 'etcd-peer', label: 'etcd peer', kind: 'leaf' },
  { file: 'apiserver-etcd-client', label: 'apiserver to etcd client', kind: 'leaf' },
  { file: 'admin', label: 'admin client', kind: 'leaf' },
  { file: 'controller-manager', label: 'controller-manager client', kind: 'leaf' },
  { file: 'scheduler', label: 'scheduler client', kind: 'leaf' },
];

/** The expiries of the PKI's certificates; a missing or unreadable one is left out and named in `missing`. */
export function pkiExpiries(files: PkiFiles): { certificates: CertificateExpiry[]; missing: string[] } {
  const certificates: CertificateExpiry[] = [];
  const missing: string[] = [];
  for (const c of pkiCertificates) {
    const pem = files[`${c.file}.crt`];
    try {
      if (!pem) throw new Error('absent');
      const x = new X509Certificate(pem);
      certificates.push({ label: c.label, kind: c.kind, source: `pki/${c.file}.crt`, notAfter: new Date(x.validTo), serial: x.serialNumber.toLowerCase() });
    } catch {
      missing.push(`${c.file}.crt`);
    }
  }
  return { certificates, missing };
}

/**
 * The kubelet's certificate lifetimes from its Prometheus text metrics, in seconds
 * from the scrape: kubelet_certificate_manager_client_ttl_seconds (client) and
 * kubelet_certificate_manager_server_ttl_seconds (serving). Absent when the kubelet
 * does not manage that certificate.
 */
export function kubeletCertificateTtls(metrics: string): { client?: number; server?: number } {
  const out: { client?: number; server?: number } = {};
  for (const line of metrics.split('\n')) {
    const m = /^kubelet_certificate_manager_(client|server)_ttl_seconds(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const v = Number(m[2]);
    if (Number.isFinite(v)) out[m[1] as 'client' | 'server'] = v;
  }
  return out;
}

/** The one call nodeCertificateExpiries needs: core/fleet/kubeHttp.ts's KubeHttp has it. */
export interface RawGet {
  get(path: string, timeoutMs: number, signal?: AbortSignal): Promise<{ status: number; body: string }>;
}

/** A node's kubelet client and serving certificates, as its kubelet reports them now. */
export async function nodeCertificateExpiries(http: RawGet, node: string, now = new Date(), signal?: AbortSignal): Promise<CertificateExpiry[]> {
  const r = await http.get(`/api/v1/nodes/${encodeURIComponent(node)}/proxy/metrics`, 15_000, signal);
  if (r.status !== 200) throw new Error(`the kubelet of ${node} did not return its metrics through the apiserver (HTTP ${r.status})`);
  const ttl = kubeletCertificateTtls(r.body);
  const at = (s: number): Date => new Date(now.getTime() + s * 1000);
  const out: CertificateExpiry[] = [];
  if (ttl.client !== undefined) out.push({ label: 'kubelet client', kind: 'kubelet', source: `node ${node}`, notAfter: at(ttl.client) });
  if (ttl.server !== undefined) out.push({ label: 'kubelet serving', kind: 'kubelet', source: `node ${node}`, notAfter: at(ttl.server) });
  return out;
}

/** Those that end within `days` of `now` (or have ended), soonest first. */
export function expiringWithin(list: readonly CertificateExpiry[], days: number, now = new Date()): CertificateExpiry[] {
  const limit = now.getTime() + days * 86_400_000;
  return list.filter((c) => c.notAfter.getTime() <= limit).sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());
}

/** The expiries of a control plane's PKI, read from its Secret in the seed. */
export async function readControlPlaneCertificates(seed: SeedConfig, name: string): Promise<{ certificates: CertificateExpiry[]; missing: string[] }> {
  const c = connectSeed(seed);
  const namespace = namespaceFor(name);
  try {
    return pkiExpiries(decodeSecret(await c.core.readNamespacedSecret({ name: objectNames.pki, namespace })));
  } catch (err) {
    if (isNotFound(err)) {
      throw new UserFacingError('cp-no-pki', `Control plane "${name}" in seed "${seed.name}" has no certificates yet (no Secret ${objectNames.pki} in ${namespace}).`, 'Run Create Control Plane for it again: it issues what is missing.');
    }
    throw new UserFacingError('seed-read-failed', `Cannot read the certificates of "${name}" in seed "${seed.name}": ${errorReason(err)}.`, 'Check that the seed context may read Secrets in that namespace, then try again.', { cause: err });
  }
}
