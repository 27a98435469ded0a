// Building blocks for hostile-input cases: a well-formed certificate-only
// kubeconfig that each hostile variant departs from in one way.
import { stringify } from 'yaml';

const pem = (kind: string, body: string): string => `-----BEGIN ${kind}-----\n${Buffer.from(body).toString('base64')}\n-----END ${kind}-----\n`;
export const caPem = pem('CERTIFICATE', 'ca-cert-bytes');
export const certPem = pem('CERTIFICATE', 'client-cert-bytes');
export const keyPem = pem('PRIVATE KEY', 'client-key-bytes');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

export interface KubeconfigParts {
  cluster?: Record<string, unknown>;
  user?: Record<string, unknown>;
  context?: Record<string, unknown>;
  top?: Record<string, unknown>;
}

/** A kubeconfig that Edgeplane accepts, with `parts` merged over it (a key set to undefined is removed). */
export function kubeconfigWith(parts: KubeconfigParts = {}): string {
  const clean = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return stringify(clean({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: clean({ server: 'https://10.0.0.1:31000', 'certificate-authority-data': b64(caPem), ...parts.cluster }) }],
    users: [{ name: 'u', user: clean({ 'client-certificate-data': b64(certPem), 'client-key-data': b64(keyPem), ...parts.user }) }],
    contexts: [{ name: 'x', context: clean({ cluster: 'c', user: 'u', ...parts.context }) }],
    'current-context': 'x',
    ...parts.top,
  }));
}
