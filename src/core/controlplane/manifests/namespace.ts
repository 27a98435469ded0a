// The namespace that holds one control plane; its labels mark it as Edgeplane's
// and its annotations hold the spec, so the seed alone describes the fleet.
import type { KubernetesObject } from '@kubernetes/client-node';
import { annotations, labels, managerName } from '../../seeds';
import type { ControlPlaneSpec } from '../types';

export function namespaceManifest(spec: ControlPlaneSpec, namespace: string, extra: Record<string, string> = {}): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        [labels.controlPlane]: spec.name,
        [labels.managedBy]: managerName,
        [labels.partOf]: 'edgeplane',
        [labels.name]: 'edgeplane-control-plane',
        [labels.instance]: spec.name,
        [labels.version]: spec.version,
      },
      annotations: { [annotations.spec]: JSON.stringify(spec), ...extra },
    },
  };
}

/** The spec stored on a namespace, or undefined when it is missing or unreadable. */
export function specFromNamespace(ns: KubernetesObject): ControlPlaneSpec | undefined {
  const raw = ns.metadata?.annotations?.[annotations.spec];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as ControlPlaneSpec;
  } catch {
    return undefined;
  }
}
