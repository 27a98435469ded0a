import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject } from '@kubernetes/client-node';
// Not re-exported by the package root: the serializer KubernetesObjectApi sends objects through.
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { labels, managerName } from '../../seeds';
import { validateSpec, imagesFor } from '../spec';
import { edgeBootstrapObjects } from '../edgeBootstrap';
import { bootstrapTokenGroup } from '../names';
import { apiserverArgs, controllerManagerArgs, controlPlaneDeployment } from './controlPlane';
import { etcdSans, etcdStatefulSet } from './etcd';
import { namespaceManifest, specFromNamespace } from './namespace';
import { defaultTuning, goEnv, tuningFor, type RenderInput } from './render';
import { apiserverService, etcdMemberServices } from './services';
import { networkPolicies } from './security';
import { egressSelectorConfig } from './konnectivity';

const spec3 = validateSpec({ name: 'edge-a', etcdMembers: 3 });
const input = (over: Partial<RenderInput> = {}): RenderInput => ({
  seed: 'lab',
  spec: spec3,
  namespace: 'edgeplane-edge-a',
  images: imagesFor(spec3),
  etcdIps: ['10.215.0.10', '10.215.0.11', '10.215.0.12'],
  apiserverPort: 31234,
  advertiseAddress: '10.213.0.1',
  etcdStorage: { kind: 'emptyDir' },
  configHash: 'abc',
  tuning: defaultTuning,
  ...over,
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = (o: KubernetesObject, path: string): any => path.split('.').reduce((v: any, k) => v?.[k], o);

test('every object carries the recommended labels and Edgeplane as manager', () => {
  const objs = [namespaceManifest(spec3, 'edgeplane-edge-a'), ...etcdMemberServices(spec3, 'edgeplane-edge-a'), apiserverService(spec3, 'edgeplane-edge-a'), etcdStatefulSet(input()), controlPlaneDeployment(input())];
  for (const o of objs) {
    const l = o.metadata?.labels ?? {};
    for (const k of [labels.name, labels.instance, labels.partOf, labels.managedBy, labels.version, labels.controlPlane]) assert.ok(l[k], `${o.kind} has ${k}`);
    assert.equal(l[labels.managedBy], managerName);
  }
});

test('the namespace stores the spec', () => {
  assert.deepEqual(specFromNamespace(namespaceManifest(spec3, 'edgeplane-edge-a')), spec3);
});

test('the apiserver listens on the nodePort and advertises the exposed address', () => {
  const args = apiserverArgs(input());
  for (const f of ['--secure-port=31234', '--advertise-address=10.213.0.1', '--enable-bootstrap-token-auth=true', '--authorization-mode=Node,RBAC', '--enable-admission-plugins=NodeRestriction', '--etcd-servers=https://10.215.0.10:2379,https://10.215.0.11:2379,https://10.215.0.12:2379', '--service-account-signing-key-file=/pki/sa.key', '--kubelet-certificate-authority=/pki/ca.crt']) {
    assert.ok(args.includes(f), f);
  }
  assert.ok(!apiserverArgs(input({ advertiseAddress: undefined })).some((a) => a.startsWith('--advertise-address')));
  const svc = apiserverService(spec3, 'ns', 31234);
  assert.deepEqual(get(svc, 'spec.ports')[0], { name: 'https', port: 6443, protocol: 'TCP', targetPort: 31234, nodePort: 31234 });
  assert.equal(get(apiserverService(spec3, 'ns'), 'spec.ports')[0].nodePort, undefined);
});

test('the controller-manager signs and approves node certificates and runs the token controllers', () => {
  const args = controllerManagerArgs(input());
  assert.ok(args.includes('--controllers=*,bootstrapsigner,tokencleaner'));
  const small = controllerManagerArgs(input({ tuning: tuningFor('small') }));
  assert.ok(small.includes('--controllers=*,bootstrapsigner,tokencleaner,-validatingadmissionpolicy-status-controller'));
  assert.ok(small.includes('--concurrent-gc-syncs=2'));
  assert.ok(args.includes('--cluster-signing-key-file=/pki/ca.key'));
});

test('three etcd members find each other through aliases of their Service IPs', () => {
  const sts = etcdStatefulSet(input());
  const pod = get(sts, 'spec.template.spec');
  assert.equal(get(sts, 'spec.podManagementPolicy'), 'Parallel');
  assert.deepEqual(pod.hostAliases.map((h: { ip: string }) => h.ip), ['10.215.0.10', '10.215.0.11', '10.215.0.12']);
  const cmd: string[] = pod.containers[0].command;
  const cluster = cmd.find((c) => c.startsWith('--initial-cluster='))!;
  assert.equal(cluster.split(',').length, 3);
  assert.match(cluster, /etcd-1=https:\/\/etcd-1\.edgeplane-edge-a\.etcd\.edgeplane:2380/);
  for (const alias of pod.hostAliases.flatMap((h: { hostnames: string[] }) => h.hostnames)) assert.ok(etcdSans('edgeplane-edge-a', input().etcdIps).includes(alias));
  assert.equal(get(sts, 'spec.volumeClaimTemplates'), undefined);
  assert.ok(pod.volumes.some((v: { name: string; emptyDir?: object }) => v.name === 'data' && v.emptyDir));
});

test('with a default StorageClass etcd gets a claim instead of an emptyDir', () => {
  const sts = etcdStatefulSet(input({ etcdStorage: { kind: 'pvc', storageClass: 'local', size: '2Gi' } }));
  assert.equal(get(sts, 'spec.volumeClaimTemplates')[0].spec.storageClassName, 'local');
  assert.ok(!get(sts, 'spec.template.spec.volumes').some((v: { name: string }) => v.name === 'data'));
});

test('every container has probes, resources and a memory-bound Go runtime', () => {
  for (const o of [etcdStatefulSet(input()), controlPlaneDeployment(input())]) {
    for (const c of get(o, 'spec.template.spec.containers')) {
      assert.ok(c.livenessProbe && c.startupProbe, `${c.name} probes`);
      assert.ok(c.resources.limits.memory && c.resources.requests.memory, `${c.name} resources`);
      assert.ok(c.env.some((e: { name: string }) => e.name === 'GOMEMLIMIT'), `${c.name} GOMEMLIMIT`);
    }
  }
  assert.deepEqual(goEnv('256Mi', { goMemLimitShare: 0.5 }), [{ name: 'GOMEMLIMIT', value: String(128 * 1024 * 1024) }]);
});

test('the edge cluster gets cluster-info with the exposed server and join RBAC for Edgeplane tokens', () => {
  const objs = edgeBootstrapObjects('https://10.213.0.1:31234', '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n');
  const ci = objs.find((o) => o.kind === 'ConfigMap')!;
  assert.equal(ci.metadata?.namespace, 'kube-public');
  assert.match(get(ci, 'data.kubeconfig'), /server: https:\/\/10\.213\.0\.1:31234/);
  const bound = (role: string): string[] => objs.filter((o) => o.kind === 'ClusterRoleBinding' && get(o, 'roleRef.name') === role).flatMap((o) => get(o, 'subjects').map((s: { name: string }) => s.name));
  assert.deepEqual(bound('system:node-bootstrapper'), [bootstrapTokenGroup]);
  // No automatic approval of bootstrap client CSRs: a token holder could ask for any node's name.
  assert.deepEqual(bound('system:certificates.k8s.io:certificatesigningrequests:nodeclient'), []);
  assert.deepEqual(bound('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient'), ['system:nodes']);
  assert.match(bootstrapTokenGroup, /^system:bootstrappers:/);
});

test('a small control plane trades the watch cache and priority and fairness for memory; larger ones keep them', () => {
  const small = apiserverArgs(input({ tuning: tuningFor('small') }));
  assert.ok(small.includes('--watch-cache=false') && small.includes('--enable-priority-and-fairness=false'));
  const medium = apiserverArgs(input({ tuning: tuningFor('medium') }));
  assert.ok(!medium.some((a) => a.startsWith('--watch-cache') || a.startsWith('--enable-priority-and-fairness')));
  const env = Object.fromEntries(goEnv('100Mi', tuningFor('small')).map((e) => [e.name, e.value]));
  assert.deepEqual(env, { GOGC: '10', GOMAXPROCS: '2', GOMEMLIMIT: String(80 * 1024 * 1024) });
  assert.equal(goEnv('100Mi', tuningFor('large')).find((e) => e.name === 'GOMAXPROCS'), undefined);
});

test('the compact layout runs the three components as one process with every key and kubeconfig they need', () => {
  const compact = validateSpec({ name: 'edge-a', layout: 'compact' });
  const dep = controlPlaneDeployment(input({ spec: compact, images: imagesFor(compact) }));
  const pod = get(dep, 'spec.template.spec');
  // The one process, and the tunnel's server as its sidecar.
  assert.deepEqual(pod.containers.map((x: { name: string }) => x.name), ['kube-controlplane', 'konnectivity-server']);
  const [c] = pod.containers;
  assert.equal(c.image, 'ghcr.io/edgeplane/kube-controlplane:v1.35.4');
  const cmd: string[] = c.command;
  assert.equal(cmd[0], 'kube-controlplane');
  // Each component's flags follow its name, in the order the process expects.
  const at = (n: string): number => cmd.indexOf(n);
  assert.ok(at('kube-apiserver') === 1 && at('kube-apiserver') < at('kube-controller-manager') && at('kube-controller-manager') < at('kube-scheduler'));
  assert.ok(cmd.slice(at('kube-apiserver'), at('kube-controller-manager')).includes('--secure-port=31234'));
  // Nothing probes controller-manager or scheduler in one process: they serve no port.
  assert.deepEqual(cmd.filter((a) => a === '--secure-port=0').length, 2);
  assert.equal(c.readinessProbe.httpGet.port, 31234);
  assert.equal(c.resources.limits.memory, '896Mi');
  const items = (name: string): string[] => pod.volumes.find((v: { name: string }) => v.name === name).secret.items.map((i: { key: string }) => i.key);
  for (const k of ['apiserver.key', 'ca.key', 'sa.key', 'front-proxy-client.key', 'apiserver-etcd-client.key']) assert.ok(items('pki').includes(k), k);
  assert.equal(new Set(items('pki')).size, items('pki').length);
  assert.deepEqual(items('kubeconfigs'), ['controller-manager.conf', 'scheduler.conf']);
  // Every file a flag names is mounted.
  for (const path of cmd.flatMap((a) => /=(\/(pki|kubeconfig)\/[^,]+)$/.exec(a)?.[1] ?? [])) {
    const [, dir, file] = /^\/(pki|kubeconfig)\/(.+)$/.exec(path)!;
    assert.ok(items(dir === 'pki' ? 'pki' : 'kubeconfigs').includes(file!), path);
  }
});

test('every control-plane pod runs non-root with no privilege escalation, no capabilities and a read-only root filesystem', () => {
  const compact = validateSpec({ name: 'edge-a', layout: 'compact' });
  for (const o of [etcdStatefulSet(input()), controlPlaneDeployment(input()), controlPlaneDeployment(input({ spec: compact, images: imagesFor(compact) }))]) {
    const pod = get(o, 'spec.template.spec');
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.ok(pod.securityContext.runAsUser > 0);
    assert.equal(pod.securityContext.fsGroup, pod.securityContext.runAsUser, 'the Secret volumes are readable by that user');
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
    for (const c of pod.containers) {
      assert.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }, c.name);
    }
  }
});

test('etcd serves plain-HTTP metrics on loopback only, and its probes ask it over TLS from inside the pod', () => {
  const [c] = get(etcdStatefulSet(input()), 'spec.template.spec.containers');
  const cmd: string[] = c.command;
  assert.ok(cmd.includes('--listen-metrics-urls=http://127.0.0.1:2381'));
  assert.ok(!cmd.some((a) => /^--listen-metrics-urls=.*0\.0\.0\.0/.test(a)));
  assert.ok(!c.ports.some((p: { containerPort: number }) => p.containerPort === 2381), 'no metrics port exposed');
  for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
    assert.equal(probe.httpGet, undefined);
    assert.equal(probe.exec.command[0], 'etcdctl');
    assert.ok(probe.exec.command.includes('--endpoints=https://127.0.0.1:2379'));
    assert.ok(probe.exec.command.includes('--cert=/pki/etcd-server.crt'));
  }
  assert.deepEqual(c.livenessProbe.exec.command.slice(-2), ['endpoint', 'status'], 'liveness does not depend on quorum');
});

test('network policies admit anything from the namespace and, from outside, only the apiserver and tunnel ports', () => {
  // What goes on the wire: serialized the way applyAll's KubernetesObjectApi serializes it.
  const wire = networkPolicies(spec3, 'edgeplane-edge-a', 31234).map((p) => JSON.parse(JSON.stringify(ObjectSerializer.serialize(p, 'V1NetworkPolicy'))) as KubernetesObject);
  const [same, api] = wire;
  assert.deepEqual(get(same!, 'spec'), { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
  assert.deepEqual(get(api!, 'spec.podSelector.matchLabels'), get(controlPlaneDeployment(input()), 'spec.selector.matchLabels'));
  assert.deepEqual(get(api!, 'spec.ingress'), [{ ports: [{ protocol: 'TCP', port: 31234 }, { protocol: 'TCP', port: 8132 }] }]);
  for (const p of [same!, api!]) assert.equal(p.metadata?.namespace, 'edgeplane-edge-a');
});

test('the tunnel: a Konnectivity server beside the apiserver in both layouts, cluster traffic through its socket', () => {
  for (const layout of ['standard', 'compact'] as const) {
    const spec = validateSpec({ name: 'edge-t', layout });
    const d = controlPlaneDeployment(input({ spec, images: imagesFor(spec) }));
    const containers = get(d, 'spec.template.spec.containers') as { name: string; command: string[]; volumeMounts: { name: string; mountPath: string }[]; readinessProbe?: unknown }[];
    const server = containers.find((c) => c.name === 'konnectivity-server');
    assert.ok(server, layout);
    assert.ok(server.command.includes('--proxy-strategies=destHost'));
    assert.ok(server.command.includes('--agent-service-account=konnectivity-agent'));
    // Its /readyz fails without agents: that must never take the apiserver out of its Service.
    assert.equal(server.readinessProbe, undefined);
    const api = containers.find((c) => c.command.some((a) => a.startsWith('--egress-selector-config-file=')));
    assert.ok(api, `${layout}: the apiserver has an egress selector`);
    const shared = (c: { volumeMounts: { name: string; mountPath: string }[] }): string | undefined => c.volumeMounts.find((m) => m.name === 'konnectivity-uds')?.mountPath;
    assert.equal(shared(api), shared(server));
  }
  assert.match(egressSelectorConfig(), /name: cluster[\s\S]*proxyProtocol: GRPC[\s\S]*udsName: \/run\/konnectivity\//);
});

test('the tunnel port rides on the apiserver Service, pinned once allocated, and the policy admits it', () => {
  const ports = get(apiserverService(spec3, 'ns', 31234, 31999), 'spec.ports');
  assert.deepEqual(ports[1], { name: 'tunnel', port: 8132, protocol: 'TCP', targetPort: 8132, nodePort: 31999 });
  assert.equal(get(apiserverService(spec3, 'ns', 31234), 'spec.ports')[1].nodePort, undefined);
  const lb = validateSpec({ name: 'x', exposure: 'LoadBalancer' });
  assert.equal(get(apiserverService(lb, 'ns', undefined, 31999), 'spec.ports')[1].nodePort, undefined);
});
