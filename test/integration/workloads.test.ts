// Pods on a bootstrapped lab device: a Deployment runs there (sandbox and
// containers from containerd, cgroups under the device's tree, an address from
// its CNI range); logs and exec reach it through the apiserver, which verifies
// the kubelet's serving certificate; a cut link leaves its containers running.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { bootstrapDevice } from '../../src/core/bootstrap/bootstrap';
import { nodeReady, readNode } from '../../src/core/bootstrap/cluster';
import { defaultPodCidr } from '../../src/core/bootstrap/configs';
import { deviceIdAnnotation } from '../../src/core/bootstrap/identity';
import { devicePaths } from '../../src/core/bootstrap/paths';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { objectNames } from '../../src/core/controlplane/names';
import { UserFacingError } from '../../src/core/errors';
import { connectSeed } from '../../src/core/kube/client';
import { execInPod } from '../../src/core/kube/podExec';
import type { StateStore } from '../../src/core/ports';
import { namespaceFor } from '../../src/core/seeds';
import { sleep } from '../../src/core/sleep';
import { busyboxImage } from '../../components/images';
import { eventually } from '../support/eventually';
import { addDevice, bootstrapOptionsFor, deviceRun, deviceSnapshot, ensureLabControlPlane, lab, labSeed, memoryStateStore, removeDevice, snapshotDiff, type LabDevice } from '../../bench/bootstrap/labFixture';

const cp = 'wl11';
const ns = 'default';
let cluster: KubeConfig;
let dev: LabDevice;
const state: StateStore = memoryStateStore();
const made: string[] = [];

const podsOf = async (app: string): Promise<V1Pod[]> => (await cluster.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items;
const running = (pods: V1Pod[], n: number): V1Pod[] | undefined =>
  pods.length === n && pods.every((p) => p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.ready)) ? pods : undefined;
const containerIds = (pods: V1Pod[]): string[] => pods.flatMap((p) => p.status?.containerStatuses?.map((c) => c.containerID ?? '') ?? []).sort();
const restarts = (pods: V1Pod[]): number => pods.flatMap((p) => p.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);

before(async () => {
  cluster = await ensureLabControlPlane(cp);
  removeDevice('w11a');
  made.push('w11a');
  dev = addDevice('w11a');
  const r = await bootstrapDevice(await bootstrapOptionsFor(dev, { cluster, controlPlane: cp, state }));
  assert.ok(r.steps.find((s) => s.step === 'runtime'), 'bootstrap proved a pod can start');
  await cluster.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: ns,
    body: {
      metadata: { name: 'hello', labels: { app: 'hello' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'hello' } },
        template: {
          metadata: { labels: { app: 'hello' } },
          spec: {
            nodeSelector: { 'kubernetes.io/hostname': 'w11a' },
            terminationGracePeriodSeconds: 1,
            containers: [{ name: 'main', image: busyboxImage, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo "hello from $(hostname)"; exec sleep 3600'] }],
          },
        },
      },
    },
  });
});

after(async () => {
  for (const n of made.reverse()) removeDevice(n);
  await deleteControlPlane(labSeed, cp).catch(() => undefined);
});

test('a Deployment of two replicas runs on the device: logs, exec, sandboxes and cgroups there', async () => {
  const pods = await eventually('2 Running pods on w11a', async () => running(await podsOf('hello'), 2), 180_000);
  const range = defaultPodCidr('w11a').replace(/\.0\/24$/, '.');
  for (const p of pods) {
    assert.equal(p.spec?.nodeName, 'w11a');
    assert.ok(p.status?.podIP?.startsWith(range), `pod address ${p.status?.podIP} from the device's range ${range}0/24`);
  }
  const core = cluster.makeApiClient(CoreV1Api);
  const first = pods[0]!.metadata!.name!;
  const log = await core.readNamespacedPodLog({ name: first, namespace: ns, container: 'main' });
  assert.match(log, new RegExp(`hello from ${first}`));

  const ok = await execInPod(cluster, ns, first, 'main', ['sh', '-c', 'echo exec works; exit 0']);
  assert.deepEqual(ok, { stdout: 'exec works\n', stderr: '', exitCode: 0 });
  const failing = await execInPod(cluster, ns, first, 'main', ['sh', '-c', 'echo to stderr >&2; exit 7']);
  assert.equal(failing.exitCode, 7);
  assert.equal(failing.stderr, 'to stderr\n');

  // What the device's containerd says, as a person would check with ctr on the device.
  const ctr = `${devicePaths.binDir}/ctr -a ${devicePaths.containerdSocket} -n k8s.io`;
  const onDevice = await deviceRun('w11a', state, `${ctr} containers ls -q; echo ---; for t in $(${ctr} tasks ls -q 2>/dev/null || ${ctr} tasks ls | awk 'NR>1 {print $1}'); do echo "$t $(cat /proc/$(${ctr} tasks ls | awk -v t=$t '$1==t {print $2}')/cgroup | grep -m1 ':memory:')"; done`);
  const [containers = '', tasks = ''] = onDevice.split('---');
  for (const id of containerIds(pods)) assert.ok(containers.includes(id.replace('containerd://', '')), `container ${id} is in the device's containerd`);
  // Two sandboxes (pause) and two containers, each a task whose memory cgroup is under the device's kubepods.
  const kubepods = tasks.split('\n').filter((l) => /:memory:\/kubepods\//.test(l));
  assert.ok(kubepods.length >= 4, `sandbox and container tasks under /kubepods of the device:\n${tasks}`);
});

test('the apiserver verifies kubelet serving certificates (--kubelet-certificate-authority), and logs/exec still work', async () => {
  const seed = connectSeed(labSeed);
  const dep = await seed.apps.readNamespacedDeployment({ name: objectNames.controlPlane, namespace: namespaceFor(cp) });
  const args = JSON.stringify(dep.spec?.template.spec?.containers ?? []);
  assert.match(args, /--kubelet-certificate-authority=\/pki\/ca\.crt/);
  const pods = await eventually('pods', async () => running(await podsOf('hello'), 2), 180_000);
  const r = await execInPod(cluster, ns, pods[1]!.metadata!.name!, 'main', ['hostname']);
  assert.equal(r.stdout.trim(), pods[1]!.metadata!.name);
});

test('a second device with the same hostname is refused, names the first, and the first keeps its Node', async () => {
  removeDevice('w11b');
  made.push('w11b');
  const twin = addDevice('w11b');
  const before = await readNode(cluster, 'w11a');
  const pre = await deviceSnapshot('w11b', state);
  await assert.rejects(
    bootstrapDevice(await bootstrapOptionsFor(twin, { cluster, controlPlane: cp, state }, { nodeName: 'w11a' })),
    (e: unknown) => {
      assert.ok(e instanceof UserFacingError, String(e));
      assert.equal(e.code, 'bootstrap-node-name-taken');
      assert.match(e.message, new RegExp(`another device \\(${dev.address.replace(/\./g, '\\.')}, joined .*\\) is already joined as Node w11a`));
      assert.match(e.hint, /its own node name/);
      return true;
    },
  );
  const afterNode = await readNode(cluster, 'w11a');
  assert.ok(nodeReady(afterNode), 'the first device\'s Node is still Ready');
  assert.equal(afterNode?.metadata?.annotations?.[deviceIdAnnotation], before?.metadata?.annotations?.[deviceIdAnnotation]);
  assert.equal(snapshotDiff(pre, await deviceSnapshot('w11b', state)), '', 'nothing was installed on the second device');
  const tokens = await cluster.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace: 'kube-system', labelSelector: 'edgeplane.dev/device=w11a' });
  assert.equal(tokens.items.length, 0, 'no bootstrap token was made');
});

test('a device cut off for 90 s keeps its containers: same IDs, no restart, after the link heals', async () => {
  const pods = await eventually('pods', async () => running(await podsOf('hello'), 2), 180_000);
  const ids = containerIds(pods);
  lab(['device', 'cut', 'w11a']);
  try {
    await sleep(90_000);
  } finally {
    lab(['device', 'heal', 'w11a']);
  }
  await eventually('w11a Ready after the heal', async () => (nodeReady(await readNode(cluster, 'w11a')) ? true : undefined), 180_000);
  const again = await eventually('the pods Running after the heal', async () => running(await podsOf('hello'), 2), 180_000);
  assert.deepEqual(containerIds(again), ids, 'the same containers');
  assert.equal(restarts(again), 0, 'no container restarted');
});
