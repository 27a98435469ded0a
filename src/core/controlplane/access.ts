// Access to an edge cluster through its admin credentials stored in the seed.
// The stored kubeconfig is someone else's data: only its server, CA and client
// certificate/key are used (kube/certKubeconfig.ts), and the client is built
// under names Edgeplane computes. Exports hand out credentials of their own
// (exportCredentials.ts).
import type { KubeConfig } from '@kubernetes/client-node';
import { UserFacingError } from '../errors';
import { certCredentialsOf, kubeConfigFromCredentials, type CertCredentials } from '../kube/certKubeconfig';
import { connectSeed, errorReason, isNotFound } from '../kube/client';
import { buildKubeconfig } from '../pki/kubeconfigs';
import { registerSecret } from '../redact';
import { namespaceFor, type SeedConfig } from '../seeds';
import { decodeSecret } from './manifests/secrets';
import { kubeconfigClusterName, kubeconfigUserName, objectNames } from './names';

/** The admin server, CA and client certificate/key of a control plane, checked. Secret: never log them. */
export async function getAdminCredentials(seed: SeedConfig, name: string): Promise<CertCredentials> {
  const c = connectSeed(seed);
  const namespace = namespaceFor(name);
  const where = `Secret ${namespace}/${objectNames.adminKubeconfig}`;
  let data: Record<string, string>;
  try {
    data = decodeSecret(await c.core.readNamespacedSecret({ name: objectNames.adminKubeconfig, namespace }));
  } catch (err) {
    if (isNotFound(err)) {
      throw new UserFacingError(
        'cp-no-kubeconfig',
        `Control plane "${name}" in seed "${seed.name}" has no admin kubeconfig (${where} is missing).`,
        'Run create again to finish it, or check the name.',
      );
    }
    throw new UserFacingError('cp-kubeconfig-read', `Cannot read the admin kubeconfig of "${name}": ${errorReason(err)}.`, 'Check that the seed context may read Secrets in that namespace.', { cause: err });
  }
  const text = data.kubeconfig;
  if (!text) throw new UserFacingError('cp-no-kubeconfig', `The admin kubeconfig Secret of "${name}" is empty.`, 'Run create again to repair it.');
  registerSecret(text);
  const creds = certCredentialsOf(
    text,
    `The admin kubeconfig of control plane "${name}" in seed "${seed.name}" (${where})`,
    'Edgeplane writes only a server, a CA and a client certificate there; someone else changed it. Run Create Control Plane again to rewrite it, or delete the namespace if it is not yours.',
  );
  registerSecret(creds.keyPem);
  return creds;
}

/** KubeConfig of the edge cluster, admin credentials, server = the exposed address. */
export async function getAdminKubeConfig(seed: SeedConfig, name: string): Promise<KubeConfig> {
  const creds = await getAdminCredentials(seed, name);
  const cluster = kubeconfigClusterName(seed.name, name);
  return kubeConfigFromCredentials(creds, { cluster, user: kubeconfigUserName(seed.name, name, 'admin'), context: cluster });
}

/** The admin kubeconfig as text, rebuilt from the checked credentials (for benchmarks and tools). Secret. */
export async function getAdminKubeconfigText(seed: SeedConfig, name: string): Promise<string> {
  const creds = await getAdminCredentials(seed, name);
  const cluster = kubeconfigClusterName(seed.name, name);
  const text = buildKubeconfig({ clusterName: cluster, userName: kubeconfigUserName(seed.name, name, 'admin'), ...creds });
  registerSecret(text);
  return text;
}
