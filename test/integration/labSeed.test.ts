// The lab's seed, checked the way a user would with kubectl: its Node is
// Ready, a pod from the locally built kube-apiserver image runs, and a
// NodePort Service answers on the lab address devices use.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { etcdImageTag, kubernetesVersion, lab, seedContext, seedEtcd, seedKubeconfig } from '../../lab/config';
import { eventually } from '../support/eventually';

const kc = new KubeConfig();
kc.loadFromFile(seedKubeconfig);
kc.setCurrentContext(seedContext);
const core = kc.makeApiClient(CoreV1Api);
const namespace = `lab-test-${randomBytes(3).toString('hex')}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function running(name: string): Promise<V1Pod> {
  return eventually(`pod ${name} Running and ready`, async () => {
    const pod = await core.readNamespacedPod({ name, namespace });
    const ready = pod.status?.containerStatuses?.every((c) => c.ready) ?? false;
    return pod.status?.phase === 'Running' && ready ? pod : undefined;
  });
}

describe('lab seed', () => {
  before(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
  });
  after(async () => {
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it('has its Node Ready, at the lab address, on containerd', async () => {
    const node = await core.readNode({ name: lab.seedNodeName });
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    assert.equal(ready?.status, 'True');
    assert.ok(node.status?.addresses?.some((a) => a.type === 'InternalIP' && a.address === lab.hostAddress));
    assert.equal(node.status?.nodeInfo?.kubeletVersion, kubernetesVersion);
    assert.match(node.status?.nodeInfo?.containerRuntimeVersion ?? '', /^containerd:\/\//);
  });

  it('runs a pod from the locally built kube-apiserver image', async () => {
    // A throw-away apiserver on the seed's etcd under a prefix of its own:
    // it only turns ready if the image, its binary and the network all work.
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    await core.createNamespacedSecret({ namespace, body: { metadata: { name: 'sa-key' }, stringData: { 'sa.key': pem } } });
    // Host network: take a port nothing on this machine listens on right now.
    const port = await freePort();
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'apiserver' },
        spec: {
          hostNetwork: true,
          containers: [
            {
              name: 'kube-apiserver',
              image: `registry.k8s.io/kube-apiserver:${kubernetesVersion}`,
              imagePullPolicy: 'Never',
              command: [
                'kube-apiserver',
                `--etcd-servers=http://127.0.0.1:${seedEtcd.clientPort}`,
                `--etcd-prefix=/${namespace}`,
                '--bind-address=127.0.0.1',
                `--secure-port=${port}`,
                '--cert-dir=/tmp/certs',
                '--service-cluster-ip-range=10.96.0.0/24',
                // RBAC keeps anonymous /readyz open (system:public-info-viewer) for the probe.
                '--authorization-mode=RBAC',
                '--service-account-issuer=https://kubernetes.default.svc',
                '--service-account-key-file=/sa/sa.key',
                '--service-account-signing-key-file=/sa/sa.key',
              ],
              readinessProbe: { httpGet: { host: '127.0.0.1', port, path: '/readyz', scheme: 'HTTPS' }, periodSeconds: 2 },
              volumeMounts: [{ name: 'sa', mountPath: '/sa', readOnly: true }],
            },
          ],
          volumes: [{ name: 'sa', secret: { secretName: 'sa-key' } }],
        },
      },
    });
    const pod = await running('apiserver');
    assert.equal(pod.status?.containerStatuses?.[0]?.image, `registry.k8s.io/kube-apiserver:${kubernetesVersion}`);
  });

  it('serves a NodePort Service at the lab address', async () => {
    // etcd from the local etcd image, on the pod network, answers /version over HTTP.
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'etcd', labels: { app: 'etcd' } },
        spec: {
          containers: [
            {
              name: 'etcd',
              image: `registry.k8s.io/etcd:${etcdImageTag}`,
              imagePullPolicy: 'Never',
              command: ['etcd', '--data-dir=/tmp/etcd', '--listen-client-urls=http://0.0.0.0:2379', '--advertise-client-urls=http://127.0.0.1:2379'],
              ports: [{ containerPort: 2379 }],
              readinessProbe: { httpGet: { port: 2379, path: '/health' }, periodSeconds: 2 },
            },
          ],
        },
      },
    });
    await running('etcd');
    const svc = await core.createNamespacedService({
      namespace,
      body: { metadata: { name: 'etcd' }, spec: { type: 'NodePort', selector: { app: 'etcd' }, ports: [{ port: 2379, targetPort: 2379 }] } },
    });
    const nodePort = svc.spec?.ports?.[0]?.nodePort;
    assert.ok(nodePort, 'the Service got a nodePort');
    const body = await eventually(`http://${lab.hostAddress}:${nodePort}/version`, async () => {
      const r = await fetch(`http://${lab.hostAddress}:${nodePort}/version`, { signal: AbortSignal.timeout(3000) });
      return r.ok ? ((await r.json()) as { etcdserver?: string }) : undefined;
    });
    assert.equal(`${body.etcdserver}-0`, etcdImageTag);
  });
});
