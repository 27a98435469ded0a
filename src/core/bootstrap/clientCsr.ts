// The kubelet's first client certificate. The edge cluster does not approve
// bootstrap CSRs on its own: a token holder could ask for any node's name.
// Edgeplane approves the one CSR that its own token for this device made, and
// only for system:node:<that device's node name>; anything else that token asks
// for is denied.
import { CertificatesV1Api, type KubeConfig, type V1CertificateSigningRequest } from '@kubernetes/client-node';
import { apiClient } from '../kube/apiClient';
import { parseCsrNames } from './csr';

export const clientSigner = 'kubernetes.io/kube-apiserver-client-kubelet';

/** Why a client CSR may not be approved for `nodeName`, or undefined when it may. */
export function clientCsrProblem(csr: V1CertificateSigningRequest, nodeName: string, tokenId: string): string | undefined {
  if (csr.spec.username !== `system:bootstrap:${tokenId}`) return `it was requested by ${csr.spec.username ?? 'nobody'}, not by this device's bootstrap token`;
  const names = parseCsrNames(Buffer.from(csr.spec.request, 'base64').toString('utf8'));
  if (names.commonName !== `system:node:${nodeName}`) return `it asks for ${names.commonName ?? 'no name'}, not system:node:${nodeName}`;
  if (names.organizations.length !== 1 || names.organizations[0] !== 'system:nodes') return `it asks for the groups ${names.organizations.join(', ') || 'none'}, not system:nodes alone`;
  if (names.dnsNames.length + names.ipAddresses.length > 0) return 'a client certificate must name no host or address';
  return undefined;
}

const decided = (c: V1CertificateSigningRequest): boolean => c.status?.conditions?.some((x) => ['Approved', 'Denied', 'Failed'].includes(x.type)) ?? false;

export type ClientCsrOutcome = { kind: 'approved'; name: string } | { kind: 'waiting' } | { kind: 'denied'; name: string; reason: string };

/** Decides every pending client CSR made with `tokenId`: approves the device's own, denies the rest. */
export async function decideClientCsrs(kc: KubeConfig, nodeName: string, tokenId: string): Promise<ClientCsrOutcome[]> {
  const api = apiClient(kc, CertificatesV1Api);
  const list = await api.listCertificateSigningRequest();
  const out: ClientCsrOutcome[] = [];
  for (const csr of list.items) {
    if (csr.spec.signerName !== clientSigner || csr.spec.username !== `system:bootstrap:${tokenId}` || decided(csr)) continue;
    const name = csr.metadata?.name ?? '';
    const problem = clientCsrProblem(csr, nodeName, tokenId);
    const condition = problem
      ? { type: 'Denied', status: 'True', reason: 'EdgeplaneDenied', message: problem }
      : { type: 'Approved', status: 'True', reason: 'EdgeplaneApproved', message: `Client certificate for device ${nodeName}` };
    csr.status = { ...(csr.status ?? {}), conditions: [...(csr.status?.conditions ?? []), { ...condition, lastUpdateTime: new Date() }] };
    await api.replaceCertificateSigningRequestApproval({ name, body: csr });
    out.push(problem ? { kind: 'denied', name, reason: problem } : { kind: 'approved', name });
  }
  return out.length > 0 ? out : [{ kind: 'waiting' }];
}
