// The edge cluster's side of a join: bootstrap tokens, the CA and address the
// device trusts, the apiserver's clock, the Node, its serving CSR and labels.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { CertificatesV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Node } from '@kubernetes/client-node';
import { bootstrapTokenGroup } from '../controlplane/names';
import { apiClient } from '../kube/apiClient';
import { UserFacingError } from '../errors';
import { registerSecret } from '../redact';
import { labels as edgeLabels, managerName } from '../seeds';
import { parseCsrNames, servingCsrProblem } from './csr';

/** The group the control plane binds its bootstrap RBAC to. */
export const defaultTokenGroup = bootstrapTokenGroup;
const tokenChars = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomString(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += tokenChars[randomInt(tokenChars.length)];
  return s;
}

export function httpStatus(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown; response?: { statusCode?: number } };
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return e?.response?.statusCode;
}

export function clusterServer(kc: KubeConfig, override?: string): string {
  const server = override ?? kc.getCurrentCluster()?.server;
  if (!server) throw new UserFacingError('bootstrap-no-server', 'The edge cluster\'s kubeconfig names no server.', 'Export the control plane\'s admin kubeconfig again.');
  return server;
}

/** The cluster CA (PEM) the device pins: from the admin kubeconfig, else from cluster-info. */
export async function clusterCaPem(kc: KubeConfig): Promise<string> {
  const c = kc.getCurrentCluster();
  if (c?.caData) return Buffer.from(c.caData, 'base64').toString('utf8');
  if (c?.caFile) return readFileSync(c.caFile, 'utf8');
  const cm = await apiClient(kc, CoreV1Api).readNamespacedConfigMap({ name: 'cluster-info', namespace: 'kube-public' });
  const m = /certificate-authority-data:\s*(\S+)/.exec(cm.data?.kubeconfig ?? '');
  if (!m?.[1]) throw new UserFacingError('bootstrap-no-ca', 'The edge cluster publishes no CA (cluster-info has none).', 'Recreate the control plane or repair kube-public/cluster-info.');
  return Buffer.from(m[1], 'base64').toString('utf8');
}

/** The apiserver's clock from its Date header (seconds since the epoch). */
export async function apiserverEpoch(kc: KubeConfig): Promise<number | undefined> {
  const server = new URL(clusterServer(kc));
  const opts: import('node:https').RequestOptions = { host: server.hostname, port: server.port || 443, path: '/version', method: 'GET', timeout: 10000 };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve) => {
    const req = request(opts, (res) => {
      res.resume();
      const d = res.headers.date ? Date.parse(res.headers.date) : NaN;
      resolve(Number.isFinite(d) ? Math.round(d / 1000) : undefined);
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export interface CreatedToken {
  id: string;
  /** "id.secret"; registered with redact() so no log shows it. */
  token: string;
}

const tokenSelector = (device: string): string => `${edgeLabels.device}=${device},${edgeLabels.managedBy}=${managerName}`;

/** Creates a bootstrap token Secret for one device, expiring after `ttlSeconds`. */
export async function createBootstrapToken(kc: KubeConfig, device: string, group: string, ttlSeconds = 3600): Promise<CreatedToken> {
  const id = randomString(6);
  const secret = randomString(16);
  const token = `${id}.${secret}`;
  registerSecret(token);
  registerSecret(secret);
  await apiClient(kc, CoreV1Api).createNamespacedSecret({
    namespace: 'kube-system',
    body: {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'bootstrap.kubernetes.io/token',
      metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system', labels: { [edgeLabels.device]: device, [edgeLabels.managedBy]: managerName } },
      stringData: {
        description: `Edgeplane join of device ${device}`,
        'token-id': id,
        'token-secret': secret,
        expiration: new Date(Date.now() + ttlSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        // Authentication only: devices get the CA from Edgeplane, not from a signed cluster-info.
        'usage-bootstrap-authentication': 'true',
        'auth-extra-groups': group,
      },
    },
  });
  return { id, token };
}

/** Deletes every bootstrap token Edgeplane made for `device`; returns how many. */
export async function deleteBootstrapTokens(kc: KubeConfig, device: string): Promise<number> {
  const api = apiClient(kc, CoreV1Api);
  const list = await api.listNamespacedSecret({ namespace: 'kube-system', labelSelector: tokenSelector(device) });
  let n = 0;
  for (const s of list.items) {
    try {
      await api.deleteNamespacedSecret({ name: s.metadata?.name ?? '', namespace: 'kube-system' });
      n++;
    } catch (err) {
      if (httpStatus(err) !== 404) throw err;
    }
  }
  return n;
}

export async function readNode(kc: KubeConfig, name: string): Promise<V1Node | undefined> {
  try {
    return await apiClient(kc, CoreV1Api).readNode({ name });
  } catch (err) {
    if (httpStatus(err) === 404) return undefined;
    throw err;
  }
}

export function nodeReady(n: V1Node | undefined): boolean {
  return n?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export async function deleteNode(kc: KubeConfig, name: string): Promise<boolean> {
  try {
    await apiClient(kc, CoreV1Api).deleteNode({ name });
    return true;
  } catch (err) {
    if (httpStatus(err) === 404) return false;
    throw err;
  }
}

/** Adds missing labels and annotations; returns the ones it set. */
export async function ensureNodeLabels(kc: KubeConfig, name: string, want: Record<string, string>, wantAnnotations: Record<string, string> = {}): Promise<string[]> {
  const node = await readNode(kc, name);
  const missing = (want: Record<string, string>, have: Record<string, string> = {}): Array<[string, string]> => Object.entries(want).filter(([k, v]) => have[k] !== v);
  const labels = missing(want, node?.metadata?.labels);
  const annotations = missing(wantAnnotations, node?.metadata?.annotations);
  if (labels.length + annotations.length === 0) return [];
  const metadata = { ...(labels.length ? { labels: Object.fromEntries(labels) } : {}), ...(annotations.length ? { annotations: Object.fromEntries(annotations) } : {}) };
  await apiClient(kc, CoreV1Api).patchNode({ name, body: { metadata } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  return [...labels, ...annotations].map(([k, v]) => `${k}=${v}`);
}

export type CsrOutcome =
  | { kind: 'approved'; name: string }
  /** Decided by the control plane's own approver (kube-controlplane's edgeplane-approver) before we looked. */
  | { kind: 'decided-by-control-plane'; name: string; approved: boolean; reason: string }
  | { kind: 'refused'; name: string; reason: string };

/**
 * Approves the node's pending kubelet-serving CSRs whose names all belong to the device.
 * Requests made since `since` that the control plane's approver already decided are
 * reported as such (it usually wins the race: it watches, we poll).
 */
export async function approveServingCsrs(kc: KubeConfig, nodeName: string, allowedDns: string[], allowedIps: string[], since?: Date): Promise<CsrOutcome[]> {
  const api = apiClient(kc, CertificatesV1Api);
  const list = await api.listCertificateSigningRequest();
  const out: CsrOutcome[] = [];
  for (const csr of list.items) {
    const name = csr.metadata?.name ?? '';
    if (csr.spec.signerName !== 'kubernetes.io/kubelet-serving' || csr.spec.username !== `system:node:${nodeName}`) continue;
    const decided = csr.status?.conditions?.find((c) => c.type === 'Approved' || c.type === 'Denied' || c.type === 'Failed');
    if (decided) {
      const created = csr.metadata?.creationTimestamp ? new Date(csr.metadata.creationTimestamp).getTime() : 0;
      if (since && created >= since.getTime() - 5000 && decided.type !== 'Failed') {
        out.push({ kind: 'decided-by-control-plane', name, approved: decided.type === 'Approved', reason: decided.message ?? decided.reason ?? '' });
      }
      continue;
    }
    const names = parseCsrNames(Buffer.from(csr.spec.request, 'base64').toString('utf8'));
    const problem = servingCsrProblem(names, csr.spec.username ?? '', nodeName, allowedDns, allowedIps);
    if (problem) {
      out.push({ kind: 'refused', name, reason: problem });
      continue;
    }
    csr.status = { ...(csr.status ?? {}), conditions: [...(csr.status?.conditions ?? []), { type: 'Approved', status: 'True', reason: 'EdgeplaneApproved', message: `Names checked against device ${nodeName}`, lastUpdateTime: new Date() }] };
    await api.replaceCertificateSigningRequestApproval({ name, body: csr });
    out.push({ kind: 'approved', name });
  }
  return out;
}
