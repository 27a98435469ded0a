// The Secrets that hold a control plane's PKI and kubeconfigs in its namespace.
import { createHash } from 'node:crypto';
import type { KubernetesObject } from '@kubernetes/client-node';
import { cpLabels } from '../names';
import type { ControlPlaneSpec } from '../types';

const encode = (data: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));

export function secretManifest(spec: ControlPlaneSpec, namespace: string, name: string, data: Record<string, string>): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name, namespace, labels: cpLabels(spec.name, 'pki', spec.version) },
    data: encode(data),
  } as KubernetesObject;
}

/** Decoded data of a Secret read from the API (values are base64 there). */
export function decodeSecret(secret: { data?: Record<string, string> } | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(secret?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

/** A short, stable digest of several maps: pod templates carry it so changed material rolls the pods. */
export function configHash(...maps: Record<string, string>[]): string {
  const h = createHash('sha256');
  for (const m of maps) for (const k of Object.keys(m).sort()) h.update(k).update('\0').update(m[k]!).update('\0');
  return h.digest('hex').slice(0, 16);
}

