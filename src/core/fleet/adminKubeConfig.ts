// How the model reaches an edge cluster: the control plane's admin kubeconfig,
// kept in a Secret of its namespace in the seed. Core's controlplane module
// owns that Secret; until it exports getAdminKubeConfig this reads it directly.
import type { KubeConfig } from '@kubernetes/client-node';
import { objectNames } from '../controlplane/names';
import { kubeConfigFromString } from '../kube/kubeconfig';
import { namespaceFor } from '../seeds';
import type { KubeHttp } from './kubeHttp';

export async function readAdminKubeConfig(seedHttp: KubeHttp, controlPlane: string, signal?: AbortSignal): Promise<KubeConfig> {
  const ns = namespaceFor(controlPlane);
  const secret = await seedHttp.getJson<{ data?: Record<string, string> }>(
    `/api/v1/namespaces/${ns}/secrets/${objectNames.adminKubeconfig}`, 15_000, signal);
  const data = secret.data ?? {};
  const key = ['kubeconfig', 'value', 'admin.conf', 'config'].find((k) => data[k]) ?? Object.keys(data)[0];
  if (!key || !data[key]) throw new Error(`Secret ${ns}/${objectNames.adminKubeconfig} holds no kubeconfig.`);
  return kubeConfigFromString(Buffer.from(data[key], 'base64').toString('utf8'));
}
