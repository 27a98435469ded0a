// etcd as a StatefulSet. Members reach each other by alias names that every
// etcd pod's /etc/hosts maps to the members' Service ClusterIPs (hostAliases),
// so one pod template serves every member and no cluster DNS is needed.
import type { KubernetesObject } from '@kubernetes/client-node';
import { cpLabels, objectNames, selectorLabels } from '../names';
import { sizeProfiles } from '../spec';
import { goEnv, type RenderInput } from './render';
import { containerSecurityContext, controlPlanePodTemplate } from './security';
import { etcdClientPort, etcdPeerPort } from './services';

export const etcdMetricsPort = 2381;

/** The name under which member i is reached by its peers (mapped in /etc/hosts). */
export const etcdAlias = (namespace: string, i: number): string => `${objectNames.etcdMember(i)}.${namespace}.etcd.edgeplane`;

/** Every name and address etcd members are reached by, for the server and peer certificates. */
export function etcdSans(namespace: string, etcdIps: string[]): string[] {
  const names = ['localhost', '127.0.0.1'];
  etcdIps.forEach((ip, i) => {
    const svc = objectNames.etcdMember(i);
    names.push(ip, etcdAlias(namespace, i), svc, `${svc}.${namespace}`, `${svc}.${namespace}.svc`, `${svc}.${namespace}.svc.cluster.local`);
  });
  return names;
}

export function etcdStatefulSet(input: RenderInput): KubernetesObject {
  const { spec, namespace, etcdIps, tuning } = input;
  const res = sizeProfiles[spec.size].etcd;
  const initialCluster = etcdIps.map((_, i) => `${objectNames.etcd}-${i}=https://${etcdAlias(namespace, i)}:${etcdPeerPort}`).join(',');
  const pvc = input.etcdStorage.kind === 'pvc' ? input.etcdStorage : undefined;
  // etcd's health endpoints are served only on loopback (metrics) or behind client-certificate
  // TLS (client port), neither of which the kubelet's httpGet can use: ask etcdctl inside the pod,
  // over TLS on loopback with the member's own certificate. "health" needs a quorum (readiness,
  // like /readyz); "status" answers from the member alone (liveness, like /livez).
  const probe = (check: 'health' | 'status', period: number, failures: number): object => ({
    exec: {
      command: [
        'etcdctl',
        `--endpoints=https://127.0.0.1:${etcdClientPort}`,
        '--cacert=/pki/etcd-ca.crt',
        '--cert=/pki/etcd-server.crt',
        '--key=/pki/etcd-server.key',
        '--dial-timeout=3s',
        '--command-timeout=4s',
        'endpoint',
        check,
      ],
    },
    periodSeconds: period,
    failureThreshold: failures,
    timeoutSeconds: 5,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: objectNames.etcd, namespace, labels: cpLabels(spec.name, 'etcd', spec.version) },
    spec: {
      serviceName: objectNames.etcd,
      replicas: spec.etcdMembers,
      // Members must start together: with OrderedReady, etcd-0 would wait for a quorum that never comes.
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: selectorLabels(spec.name, 'etcd') },
      template: controlPlanePodTemplate(spec, 'etcd', input.configHash, {
          hostAliases: etcdIps.map((ip, i) => ({ ip, hostnames: [etcdAlias(namespace, i)] })),
          containers: [
            {
              name: 'etcd',
              image: input.images.etcd,
              imagePullPolicy: 'IfNotPresent',
              command: [
                'etcd',
                '--name=$(POD_NAME)',
                '--data-dir=/var/lib/etcd',
                `--listen-client-urls=https://0.0.0.0:${etcdClientPort}`,
                // The pod "etcd-i" is member i, whose alias is "etcd-i.<namespace>.etcd.edgeplane".
                `--advertise-client-urls=https://$(POD_NAME).${namespace}.etcd.edgeplane:${etcdClientPort}`,
                `--listen-peer-urls=https://0.0.0.0:${etcdPeerPort}`,
                `--initial-advertise-peer-urls=https://$(POD_NAME).${namespace}.etcd.edgeplane:${etcdPeerPort}`,
                `--initial-cluster=${initialCluster}`,
                '--initial-cluster-state=new',
                `--initial-cluster-token=${namespace}`,
                // Plain-HTTP metrics and health answer on loopback only: nothing outside the pod reads them.
                `--listen-metrics-urls=http://127.0.0.1:${etcdMetricsPort}`,
                '--client-cert-auth=true',
                '--trusted-ca-file=/pki/etcd-ca.crt',
                '--cert-file=/pki/etcd-server.crt',
                '--key-file=/pki/etcd-server.key',
                '--peer-client-cert-auth=true',
                '--peer-trusted-ca-file=/pki/etcd-ca.crt',
                '--peer-cert-file=/pki/etcd-peer.crt',
                '--peer-key-file=/pki/etcd-peer.key',
                // An edge cluster's state is small: a 512 MiB quota and frequent snapshots keep the WAL and memory small.
                '--quota-backend-bytes=536870912',
                '--snapshot-count=10000',
                '--auto-compaction-mode=periodic',
                '--auto-compaction-retention=5m',
                ...(tuning.etcdFlags ?? []),
              ],
              env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, ...goEnv(res.limits.memory, tuning)],
              ports: [
                { name: 'client', containerPort: etcdClientPort },
                { name: 'peer', containerPort: etcdPeerPort },
              ],
              resources: res,
              startupProbe: probe('health', 2, 60),
              readinessProbe: probe('health', 5, 3),
              livenessProbe: probe('status', 10, 6),
              securityContext: containerSecurityContext,
              volumeMounts: [
                { name: 'data', mountPath: '/var/lib/etcd' },
                { name: 'pki', mountPath: '/pki', readOnly: true },
              ],
            },
          ],
          volumes: [
            {
              name: 'pki',
              secret: {
                secretName: objectNames.pki,
                defaultMode: 0o400,
                items: ['etcd-ca.crt', 'etcd-server.crt', 'etcd-server.key', 'etcd-peer.crt', 'etcd-peer.key'].map((k) => ({ key: k, path: k })),
              },
            },
            ...(pvc ? [] : [{ name: 'data', emptyDir: {} }]),
          ],
      }),
      ...(pvc
        ? {
            volumeClaimTemplates: [
              {
                metadata: { name: 'data', labels: cpLabels(spec.name, 'etcd', spec.version) },
                spec: { accessModes: ['ReadWriteOnce'], storageClassName: pvc.storageClass, resources: { requests: { storage: pvc.size } } },
              },
            ],
          }
        : {}),
    },
  } as KubernetesObject;
}
