// The building blocks of create: each converges one part and is safe to re-run.
import type { KubernetesObject, V1Service } from '@kubernetes/client-node';
import { applyAll, isNotFound, type ClusterClients } from '../kube/client';
import { ensurePki, privateParts, type EnsurePkiOptions, type PkiFiles } from '../pki/bundle';
import { buildKubeconfig } from '../pki/kubeconfigs';
import { registerSecret } from '../redact';
import type { SeedConfig } from '../seeds';
import { apiserverService, apiserverServicePort, etcdMemberServices, tunnelServicePort } from './manifests/services';
import { configHash, decodeSecret, secretManifest } from './manifests/secrets';
import { etcdSans } from './manifests/etcd';
import { kubeconfigClusterName, kubeconfigUserName, objectNames } from './names';
import { httpsUrl } from './seedFacts';
import { firstServiceIp, serviceCidrOf } from './spec';
import type { ControlPlaneSpec } from './types';

export interface ServiceFacts {
  etcdIps: string[];
  apiserverClusterIp: string;
  /** The port devices use: nodePort with NodePort exposure, else the Service port. */
  apiserverPort: number;
  /** The port devices' tunnel agents dial: the tunnel nodePort with NodePort exposure, else the Service port. */
  tunnelPort: number;
  apiserverService: V1Service;
}

export async function applyServices(c: ClusterClients, spec: ControlPlaneSpec, namespace: string): Promise<ServiceFacts> {
  const etcd = (await applyAll(c.objects, etcdMemberServices(spec, namespace), true)) as V1Service[];
  const etcdIps = etcd.map((s) => s.spec?.clusterIP ?? '');
  if (etcdIps.some((ip) => !ip || ip === 'None')) throw new Error('an etcd member Service got no ClusterIP');
  const nodePortOf = (svc: V1Service | undefined, name: string): number | undefined => svc?.spec?.ports?.find((p) => p.name === name)?.nodePort;
  let existing: V1Service | undefined;
  try {
    existing = await c.core.readNamespacedService({ name: objectNames.apiserverService, namespace });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const existingNodePort = nodePortOf(existing, 'https');
  const existingTunnelPort = nodePortOf(existing, 'tunnel');
  let [api] = (await applyAll(c.objects, [apiserverService(spec, namespace, existingNodePort, existingTunnelPort)], true)) as V1Service[];
  let port = apiserverServicePort;
  let tunnelPort: number = tunnelServicePort;
  if (spec.exposure === 'NodePort') {
    const nodePort = nodePortOf(api, 'https');
    const tunnelNodePort = nodePortOf(api, 'tunnel');
    if (!nodePort || !tunnelNodePort) throw new Error('the apiserver Service got no nodePort');
    if (existingNodePort !== nodePort || existingTunnelPort !== tunnelNodePort) {
      // Pin the allocated nodePorts, and send the apiserver's traffic to the same port in the pod.
      [api] = (await applyAll(c.objects, [apiserverService(spec, namespace, nodePort, tunnelNodePort)], true)) as V1Service[];
    }
    port = nodePort;
    tunnelPort = tunnelNodePort;
  }
  const clusterIp = api?.spec?.clusterIP;
  if (!api || !clusterIp) throw new Error('the apiserver Service got no ClusterIP');
  return { etcdIps, apiserverClusterIp: clusterIp, apiserverPort: port, tunnelPort, apiserverService: api };
}

export function apiserverSans(spec: ControlPlaneSpec, namespace: string, facts: ServiceFacts, exposed: string): string[] {
  const svc = objectNames.apiserverService;
  return [
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
    svc,
    `${svc}.${namespace}`,
    `${svc}.${namespace}.svc`,
    `${svc}.${namespace}.svc.cluster.local`,
    'localhost',
    '127.0.0.1',
    facts.apiserverClusterIp,
    exposed,
    firstServiceIp(serviceCidrOf(spec)),
  ];
}

export interface PkiOutcome {
  files: PkiFiles;
  issued: string[];
  adminKubeconfig: string;
  endpoint: string;
  hash: string;
  /**
   * What etcd's pods carry instead: only the etcd CA. etcd reads its server and peer
   * certificates from disk at every TLS handshake and the kubelet updates the mounted
   * Secret in place, so renewed leaves need no restart; a restart of an emptyDir member
   * would lose its data.
   */
  etcdHash: string;
}

/** Reads the stored PKI, completes it, writes it back with fresh kubeconfigs. Never logs material. */
export async function applyPki(
  c: ClusterClients,
  seed: SeedConfig,
  spec: ControlPlaneSpec,
  namespace: string,
  facts: ServiceFacts,
  exposed: string,
  pkiOptions: EnsurePkiOptions = {},
): Promise<PkiOutcome> {
  let existing: PkiFiles = {};
  try {
    existing = decodeSecret(await c.core.readNamespacedSecret({ name: objectNames.pki, namespace }));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  for (const k of privateParts(existing)) registerSecret(k);
  const adminUser = kubeconfigUserName(seed.name, spec.name, 'admin');
  const { files, issued } = await ensurePki(existing, {
    apiserverSans: apiserverSans(spec, namespace, facts, exposed),
    etcdSans: etcdSans(namespace, facts.etcdIps),
    adminUser,
  }, new Date(), pkiOptions);
  for (const k of privateParts(files)) registerSecret(k);
  const endpoint = httpsUrl(exposed, facts.apiserverPort);
  const local = httpsUrl('127.0.0.1', facts.apiserverPort);
  const cluster = kubeconfigClusterName(seed.name, spec.name);
  const kc = (role: string, file: string, server: string): string =>
    buildKubeconfig({
      clusterName: cluster,
      userName: kubeconfigUserName(seed.name, spec.name, role),
      server,
      caPem: files['ca.crt']!,
      certPem: files[`${file}.crt`]!,
      keyPem: files[`${file}.key`]!,
    });
  const components = {
    'controller-manager.conf': kc('controller-manager', 'controller-manager', local),
    'scheduler.conf': kc('scheduler', 'scheduler', local),
    'konnectivity-server.conf': kc('konnectivity-server', 'konnectivity-server-client', local),
  };
  const adminKubeconfig = kc('admin', 'admin', endpoint);
  for (const v of [...Object.values(components), adminKubeconfig]) registerSecret(v);
  const secrets: KubernetesObject[] = [
    secretManifest(spec, namespace, objectNames.pki, files),
    secretManifest(spec, namespace, objectNames.componentKubeconfigs, components),
    secretManifest(spec, namespace, objectNames.adminKubeconfig, { kubeconfig: adminKubeconfig }),
  ];
  await applyAll(c.objects, secrets, true);
  return { files, issued, adminKubeconfig, endpoint, hash: configHash(files, components), etcdHash: configHash({ 'etcd-ca.crt': files['etcd-ca.crt']! }) };
}

