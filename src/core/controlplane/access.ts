// Access to an edge cluster: its admin kubeconfig from the seed, exported to a
// file or merged into the person's kubeconfig.
import type { KubeConfig } from '@kubernetes/client-node';
import { UserFacingError } from '../errors';
import { connectSeed, errorReason, isNotFound } from '../kube/client';
import { kubeConfigFromString } from '../kube/kubeconfig';
import { mergeKubeconfigFile, writePrivateFile } from '../kube/kubeconfigFile';
import { registerSecret } from '../redact';
import { namespaceFor, type SeedConfig } from '../seeds';
import { decodeSecret } from './manifests/secrets';
import { objectNames } from './names';

/** The admin kubeconfig text of a control plane, as stored in its namespace. Secret: never log it. */
export async function getAdminKubeconfigText(seed: SeedConfig, name: string): Promise<string> {
  const c = connectSeed(seed);
  const namespace = namespaceFor(name);
  let data: Record<string, string>;
  try {
    data = decodeSecret(await c.core.readNamespacedSecret({ name: objectNames.adminKubeconfig, namespace }));
  } catch (err) {
    if (isNotFound(err)) {
      throw new UserFacingError(
        'cp-no-kubeconfig',
        `Control plane "${name}" in seed "${seed.name}" has no admin kubeconfig (Secret ${namespace}/${objectNames.adminKubeconfig} is missing).`,
        'Run create again to finish it, or check the name.',
      );
    }
    throw new UserFacingError('cp-kubeconfig-read', `Cannot read the admin kubeconfig of "${name}": ${errorReason(err)}.`, 'Check that the seed context may read Secrets in that namespace.', { cause: err });
  }
  const text = data.kubeconfig;
  if (!text) throw new UserFacingError('cp-no-kubeconfig', `The admin kubeconfig Secret of "${name}" is empty.`, 'Run create again to repair it.');
  registerSecret(text);
  return text;
}

/** KubeConfig of the edge cluster, admin credentials, server = the exposed address. */
export async function getAdminKubeConfig(seed: SeedConfig, name: string): Promise<KubeConfig> {
  const text = await getAdminKubeconfigText(seed, name);
  const kc = kubeConfigFromString(text);
  const user = kc.getCurrentUser();
  registerSecret(user?.keyData);
  registerSecret(user?.certData);
  return kc;
}

/** Writes the admin kubeconfig to `file` with mode 0600 (replacing it). */
export async function exportAdminKubeconfig(seed: SeedConfig, name: string, file: string): Promise<void> {
  await writePrivateFile(file, await getAdminKubeconfigText(seed, name));
}

/**
 * Merges the admin kubeconfig into `file` (default: the first $KUBECONFIG entry or ~/.kube/config)
 * as a new context; other clusters, users and contexts stay untouched. Returns the context name.
 */
export async function mergeAdminKubeconfig(seed: SeedConfig, name: string, file?: string, opts: { setCurrent?: boolean } = {}): Promise<{ file: string; context: string }> {
  return mergeKubeconfigFile(await getAdminKubeconfigText(seed, name), file, opts);
}
