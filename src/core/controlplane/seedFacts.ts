// Facts about the seed that shape a control plane: the address devices reach
// it at, and whether it offers persistent storage.
import { isIP } from 'node:net';
import type { KubernetesObject, V1Node, V1Service } from '@kubernetes/client-node';
import { UserFacingError } from '../errors';
import { sleep } from '../sleep';
import type { ClusterClients } from '../kube/client';
import type { SeedConfig } from '../seeds';
import type { EtcdStorage } from './manifests/render';

/** The address to reach NodePorts at: the seed's setting, else the first Ready node's External- or InternalIP. */
export function nodeAddress(nodes: V1Node[]): string | undefined {
  const ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  for (const pool of [ready, nodes]) {
    for (const type of ['ExternalIP', 'InternalIP']) {
      for (const n of pool) {
        const a = n.status?.addresses?.find((x) => x.type === type)?.address;
        if (a) return a;
      }
    }
  }
  return undefined;
}

export async function exposedAddress(
  c: ClusterClients,
  seed: SeedConfig,
  service: V1Service,
  signal?: AbortSignal,
  lbTimeoutMs = 120_000,
): Promise<string> {
  if (service.spec?.type === 'LoadBalancer') {
    // The ingress is the only address a LoadBalancer's port answers at.
    const deadline = Date.now() + lbTimeoutMs;
    for (;;) {
      const svc = await c.core.readNamespacedService({ name: service.metadata!.name!, namespace: service.metadata!.namespace! });
      const ing = svc.status?.loadBalancer?.ingress?.[0];
      const addr = ing?.ip ?? ing?.hostname;
      if (addr) return addr;
      if (Date.now() > deadline) {
        throw new UserFacingError(
          'seed-no-loadbalancer',
          `The seed gave the apiserver's LoadBalancer Service no address within ${Math.round(lbTimeoutMs / 1000)} s.`,
          'Use NodePort exposure on seeds without a load-balancer controller (e.g. MetalLB), or install one.',
        );
      }
      await sleep(2000, signal);
    }
  }
  if (seed.exposeAddress) return seed.exposeAddress;
  const nodes = await c.core.listNode();
  const addr = nodeAddress(nodes.items);
  if (!addr) {
    throw new UserFacingError(
      'seed-no-address',
      `No node of seed "${seed.name}" reports an InternalIP or ExternalIP.`,
      'Set the seed\'s "exposeAddress" to the address devices reach the seed\'s NodePorts at.',
    );
  }
  return addr;
}

/** The default StorageClass, if the seed has one: then etcd gets a PersistentVolumeClaim. */
export async function defaultStorageClass(c: ClusterClients): Promise<string | undefined> {
  const list = await c.storage.listStorageClass();
  const isDefault = (o: KubernetesObject): boolean =>
    ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'].some(
      (k) => o.metadata?.annotations?.[k] === 'true',
    );
  return list.items.find(isDefault)?.metadata?.name;
}

export function storageAnnotation(s: EtcdStorage): string {
  return s.kind === 'pvc' ? `pvc:${s.storageClass}:${s.size}` : 'emptyDir';
}

export function storageFromAnnotation(v: string | undefined): EtcdStorage | undefined {
  if (!v) return undefined;
  if (v === 'emptyDir') return { kind: 'emptyDir' };
  const [kind, storageClass, size] = v.split(':');
  return kind === 'pvc' && storageClass ? { kind: 'pvc', storageClass, size: size ?? '1Gi' } : undefined;
}

/** https URL for an address and port (IPv6 literals in brackets). */
export const httpsUrl = (address: string, port: number): string => `https://${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
