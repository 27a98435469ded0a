// Kubeconfigs handed to people: each export gets a client certificate of its
// own, signed by the cluster CA, for a group that exists only in one
// ClusterRoleBinding the export creates. Withdrawing that one export is
// deleting its binding; the CA and every other export stay as they are.
import { hostname, userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { UserFacingError } from '../errors';
import { apiClient } from '../kube/apiClient';
import { kubeConfigFromCredentials, type CertCredentials } from '../kube/certKubeconfig';
import { connectSeed, errorReason, isNotFound, type ClusterClients } from '../kube/client';
import { mergeKubeconfigFile, writePrivateFile } from '../kube/kubeconfigFile';
import { buildKubeconfig } from '../pki/kubeconfigs';
import { generateEcKeyPair, issueCertificate } from '../pki/x509';
import { registerSecret } from '../redact';
import { managerName, namespaceFor, type SeedConfig } from '../seeds';
import { getAdminCredentials } from './access';
import { decodeSecret } from './manifests/secrets';
import { kubeconfigClusterName, kubeconfigUserName, objectNames } from './names';

export const exportLabel = 'edgeplane.dev/export';
export const exportAnnotations = { subject: 'edgeplane.dev/export-subject', expiresAt: 'edgeplane.dev/export-expires-at' } as const;
export const defaultExportDays = 30;
/** What an export grants, for the dialog and the binding. */
export const exportRole = 'cluster-admin';

export interface ExportGrant {
  /** The certificate's user name, e.g. "edgeplane:export:alice@laptop:2026-12-03". */
  subject: string;
  /** The group only this export's certificate carries. */
  group: string;
  /** The ClusterRoleBinding in the edge cluster: deleting it withdraws the export. */
  binding: string;
  role: string;
  expiresAt: string;
}

export interface ExportOptions {
  /** Who and where: defaults to this machine's user and host name. */
  who?: { user: string; host: string };
  days?: number;
  now?: Date;
}

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'unknown';
const dns = (s: string): string => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');

/** The names of one export, pure so a test can check them. */
export function exportNames(who: { user: string; host: string }, now: Date, nonce: string): Pick<ExportGrant, 'subject' | 'group' | 'binding'> {
  const date = now.toISOString().slice(0, 10);
  const id = `${safe(who.user)}@${safe(who.host)}:${date}`;
  return {
    subject: `edgeplane:export:${id}`,
    group: `edgeplane:export:${id}:${nonce}`,
    binding: `edgeplane-export-${dns(`${safe(who.user)}-${safe(who.host)}`).slice(0, 80)}-${date}-${nonce}`,
  };
}

function edgeRbac(seed: SeedConfig, name: string, admin: CertCredentials): RbacAuthorizationV1Api {
  const cluster = kubeconfigClusterName(seed.name, name);
  return apiClient(kubeConfigFromCredentials(admin, { cluster, user: kubeconfigUserName(seed.name, name, 'admin'), context: cluster }), RbacAuthorizationV1Api);
}

async function clusterCa(c: ClusterClients, name: string): Promise<{ certPem: string; privateKeyPem: string }> {
  const namespace = namespaceFor(name);
  let files: Record<string, string>;
  try {
    files = decodeSecret(await c.core.readNamespacedSecret({ name: objectNames.pki, namespace }));
  } catch (err) {
    if (isNotFound(err)) throw new UserFacingError('cp-no-pki', `Control plane "${name}" has no PKI (Secret ${namespace}/${objectNames.pki} is missing).`, 'Run create again to finish it.');
    throw new UserFacingError('cp-pki-read', `Cannot read the PKI of "${name}": ${errorReason(err)}.`, 'Check that the seed context may read Secrets in that namespace.', { cause: err });
  }
  const certPem = files['ca.crt'];
  const privateKeyPem = files['ca.key'];
  registerSecret(privateKeyPem);
  if (!certPem || !privateKeyPem) throw new UserFacingError('cp-no-pki', `The PKI of "${name}" has no cluster CA.`, 'Run create again to repair it.');
  return { certPem, privateKeyPem };
}

/**
 * Issues a credential for one export: a ClusterRoleBinding of `exportRole` to a group of its
 * own in the edge cluster, and a client certificate for that group valid `days` days.
 */
export async function issueExportCredential(seed: SeedConfig, name: string, o: ExportOptions = {}): Promise<{ creds: CertCredentials; grant: ExportGrant }> {
  const days = Math.min(Math.max(Math.round(o.days ?? defaultExportDays), 1), 365);
  const now = o.now ?? new Date();
  const who = o.who ?? { user: userInfo().username, host: hostname() };
  const admin = await getAdminCredentials(seed, name);
  const ca = await clusterCa(connectSeed(seed), name);
  if (ca.certPem.trim() !== admin.caPem.trim()) {
    throw new UserFacingError('cp-ca-mismatch', `The admin kubeconfig and the PKI of "${name}" name different CAs.`, 'Run Create Control Plane again to repair the control plane before exporting.');
  }
  const names = exportNames(who, now, randomBytes(3).toString('hex'));
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  const grant: ExportGrant = { ...names, role: exportRole, expiresAt };
  const kp = await generateEcKeyPair();
  registerSecret(kp.privateKeyPem);
  const certPem = issueCertificate({ commonName: grant.subject, organizations: [grant.group], usage: 'client', publicKeyPem: kp.publicKeyPem, validityDays: days }, ca);
  const rbac = edgeRbac(seed, name, admin);
  try {
    await rbac.createClusterRoleBinding({
      body: {
        metadata: {
          name: grant.binding,
          labels: { [exportLabel]: 'true', 'app.kubernetes.io/managed-by': managerName },
          annotations: { [exportAnnotations.subject]: grant.subject, [exportAnnotations.expiresAt]: expiresAt },
        },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: exportRole },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: grant.group }],
      },
    });
  } catch (err) {
    throw new UserFacingError('export-binding-failed', `Cannot grant the export of "${name}": creating ClusterRoleBinding ${grant.binding} failed (${errorReason(err)}).`, 'Check that the control plane is running, then export again.', { cause: err });
  }
  await removeExpiredExports(rbac, now).catch(() => undefined);
  return { creds: { server: admin.server, caPem: admin.caPem, certPem, keyPem: kp.privateKeyPem }, grant };
}

/** Deletes the binding of one export: its certificate then grants nothing. */
export async function revokeExport(seed: SeedConfig, name: string, binding: string): Promise<void> {
  const admin = await getAdminCredentials(seed, name);
  const rbac = edgeRbac(seed, name, admin);
  try {
    await rbac.deleteClusterRoleBinding({ name: binding });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Bindings of exports whose certificates have expired grant nothing any more: remove them. */
async function removeExpiredExports(rbac: RbacAuthorizationV1Api, now: Date): Promise<void> {
  const list = await rbac.listClusterRoleBinding({ labelSelector: `${exportLabel}=true` });
  for (const b of list.items) {
    const at = Date.parse(b.metadata?.annotations?.[exportAnnotations.expiresAt] ?? '');
    if (Number.isFinite(at) && at < now.getTime() && b.metadata?.name) await rbac.deleteClusterRoleBinding({ name: b.metadata.name }).catch(() => undefined);
  }
}

function exportedText(seed: SeedConfig, name: string, creds: CertCredentials): string {
  const cluster = kubeconfigClusterName(seed.name, name);
  const text = buildKubeconfig({ clusterName: cluster, userName: kubeconfigUserName(seed.name, name, 'export'), ...creds });
  registerSecret(text);
  return text;
}

/** Writes a kubeconfig with a fresh per-export credential to `file` (0600). A failed write withdraws the grant. */
export async function exportKubeconfig(seed: SeedConfig, name: string, file: string, o: ExportOptions = {}): Promise<ExportGrant> {
  const { creds, grant } = await issueExportCredential(seed, name, o);
  try {
    await writePrivateFile(file, exportedText(seed, name, creds));
  } catch (err) {
    await revokeExport(seed, name, grant.binding).catch(() => undefined);
    throw new UserFacingError('export-write-failed', `Cannot write ${file}: ${(err as Error).message}.`, 'Choose a folder you can write to and export again.', { cause: err });
  }
  return grant;
}

/**
 * Merges a kubeconfig with a fresh per-export credential into `file` (default: the first
 * $KUBECONFIG entry or ~/.kube/config) under Edgeplane's names; entries Edgeplane did not
 * write are never replaced. A failed merge withdraws the grant.
 */
export async function mergeExportedKubeconfig(seed: SeedConfig, name: string, file?: string, o: ExportOptions & { setCurrent?: boolean } = {}): Promise<{ file: string; context: string; grant: ExportGrant }> {
  const { creds, grant } = await issueExportCredential(seed, name, o);
  try {
    return { ...(await mergeKubeconfigFile(exportedText(seed, name, creds), file, { setCurrent: o.setCurrent })), grant };
  } catch (err) {
    await revokeExport(seed, name, grant.binding).catch(() => undefined);
    throw err;
  }
}
