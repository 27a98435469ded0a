// Kubeconfigs that come from someone else (a Secret in the seed): only a server
// URL, a CA and a client certificate/key are taken from them. Exec plugins,
// auth providers, tokens, files and proxies are refused, so whoever can write
// that Secret can neither run a command on this machine nor make it send a
// file or a token elsewhere. The KubeConfig Edgeplane then uses is built from
// those four values under names it computes itself.
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { UserFacingError } from '../errors';

export interface CertCredentials {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface KubeconfigNames {
  cluster: string;
  user: string;
  context: string;
}

/** Why a kubeconfig was refused, in words a person can act on (never its content). */
export class KubeconfigRefused extends Error {}

const maxBytes = 256 * 1024;
const topKeys = new Set(['apiVersion', 'kind', 'clusters', 'users', 'contexts', 'current-context', 'preferences']);
const clusterKeys = new Set(['server', 'certificate-authority-data']);
const userKeys = new Set(['client-certificate-data', 'client-key-data']);
const contextKeys = new Set(['cluster', 'user', 'namespace']);

/** What a refused field does, so the message says why it matters. */
const dangerous: Record<string, string> = {
  exec: 'an exec plugin (a command this machine would run)',
  'auth-provider': 'an auth provider (it can name a command to run)',
  token: 'a bearer token',
  tokenFile: 'a token file (a path on this machine whose content would be sent)',
  'client-certificate': 'a client certificate file path on this machine',
  'client-key': 'a client key file path on this machine',
  username: 'a user name and password',
  password: 'a user name and password',
  as: 'impersonation',
  'as-groups': 'impersonation',
  'as-uid': 'impersonation',
  'as-user-extra': 'impersonation',
  'certificate-authority': 'a CA file path on this machine',
  'insecure-skip-tls-verify': 'TLS verification turned off',
  'proxy-url': 'a proxy',
  'tls-server-name': 'a different TLS server name',
  extensions: 'extensions',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function only(obj: Record<string, unknown>, allowed: Set<string>, where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.has(k)) throw new KubeconfigRefused(`its ${where} carries "${k}"${dangerous[k] ? ` (${dangerous[k]})` : ''}, which Edgeplane never uses from a stored kubeconfig`);
  }
}

function one(doc: Record<string, unknown>, key: string, inner: string): Record<string, unknown> {
  const list = doc[key];
  if (!Array.isArray(list) || list.length !== 1) throw new KubeconfigRefused(`it must hold exactly one entry under "${key}"`);
  const entry = list[0] as unknown;
  if (!isRecord(entry) || !isRecord(entry[inner])) throw new KubeconfigRefused(`its "${key}" entry has no "${inner}" mapping`);
  only(entry, new Set(['name', inner]), `${key} entry`);
  return entry[inner];
}

function pemFrom(b64: unknown, kind: 'CERTIFICATE' | 'PRIVATE KEY', field: string): string {
  if (typeof b64 !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(b64)) throw new KubeconfigRefused(`its "${field}" is not base64`);
  const pem = Buffer.from(b64, 'base64').toString('utf8');
  const ok = kind === 'CERTIFICATE'
    ? /^-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*$/.test(pem.trim() + '\n')
    : /^-----BEGIN (RSA |EC )?PRIVATE KEY-----[A-Za-z0-9+/=\s]+-----END (RSA |EC )?PRIVATE KEY-----\s*$/.test(pem.trim() + '\n');
  if (!ok) throw new KubeconfigRefused(`its "${field}" is not a PEM ${kind.toLowerCase()}`);
  return pem;
}

/** An apiserver address: https, a host, an optional port, nothing else (no credentials, path or query). */
export function checkServerUrl(server: unknown): string {
  if (typeof server !== 'string') throw new KubeconfigRefused('its cluster has no server URL');
  let u: URL;
  try {
    u = new URL(server);
  } catch {
    throw new KubeconfigRefused('its server is not a URL');
  }
  if (u.protocol !== 'https:') throw new KubeconfigRefused('its server is not an https URL');
  if (u.username || u.password) throw new KubeconfigRefused('its server URL carries credentials');
  if (u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) throw new KubeconfigRefused('its server URL has a path, query or fragment');
  return `https://${u.host}`;
}

/** The four values of a certificate-only kubeconfig; throws KubeconfigRefused for anything else. */
export function parseCertKubeconfig(text: string): CertCredentials {
  if (text.length > maxBytes) throw new KubeconfigRefused(`it is larger than ${maxBytes / 1024} KiB`);
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 0 });
  } catch {
    throw new KubeconfigRefused('it is not valid YAML');
  }
  if (!isRecord(doc)) throw new KubeconfigRefused('it is not a YAML mapping');
  only(doc, topKeys, 'top level');
  if (doc.preferences !== undefined && !(isRecord(doc.preferences) && Object.keys(doc.preferences).length === 0)) {
    throw new KubeconfigRefused('it sets preferences');
  }
  const cluster = one(doc, 'clusters', 'cluster');
  const user = one(doc, 'users', 'user');
  const context = one(doc, 'contexts', 'context');
  only(cluster, clusterKeys, 'cluster');
  only(user, userKeys, 'user');
  only(context, contextKeys, 'context');
  return {
    server: checkServerUrl(cluster.server),
    caPem: pemFrom(cluster['certificate-authority-data'], 'CERTIFICATE', 'certificate-authority-data'),
    certPem: pemFrom(user['client-certificate-data'], 'CERTIFICATE', 'client-certificate-data'),
    keyPem: pemFrom(user['client-key-data'], 'PRIVATE KEY', 'client-key-data'),
  };
}

/** A client for exactly these credentials: no exec, no files, no token, TLS verified against the CA. */
export function kubeConfigFromCredentials(c: CertCredentials, names: KubeconfigNames): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: names.cluster, server: c.server, caData: Buffer.from(c.caPem).toString('base64'), skipTLSVerify: false }],
    users: [{ name: names.user, certData: Buffer.from(c.certPem).toString('base64'), keyData: Buffer.from(c.keyPem).toString('base64') }],
    contexts: [{ name: names.context, cluster: names.cluster, user: names.user }],
    currentContext: names.context,
  });
  return kc;
}

/** parseCertKubeconfig with the refusal as a UserFacingError naming what was read. */
export function certCredentialsOf(text: string, what: string, hint: string): CertCredentials {
  try {
    return parseCertKubeconfig(text);
  } catch (err) {
    if (err instanceof KubeconfigRefused) throw new UserFacingError('kubeconfig-refused', `${what} was refused: ${err.message}.`, hint, { cause: err });
    throw err;
  }
}
