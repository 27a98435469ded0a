// Status-like annotations (endpoint, ready-at, create-failed) are written with
// a merge patch, not with apply: an apply that omits them would delete them.
import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import type { ClusterClients } from '../kube/client';
import { managerName } from '../seeds';

/** Sets (string) or removes (null) annotations on a namespace. */
export async function annotateNamespace(c: ClusterClients, namespace: string, values: Record<string, string | null>): Promise<void> {
  const patch: KubernetesObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, annotations: values as Record<string, string> } };
  await c.objects.patch(patch, undefined, undefined, managerName, undefined, PatchStrategy.MergePatch);
}
