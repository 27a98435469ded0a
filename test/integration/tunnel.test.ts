// The reverse tunnel with real parts: a control plane (its Konnectivity server
// beside the apiserver), a device in a NAT'ed lab site (nothing can dial into
// it) bootstrapped with core's bootstrapDevice, and then, through the exported
// admin kubeconfig, what a person does: logs, exec, port-forward to a pod on
// the device. The fleet model reports whether the apiserver reaches the
// kubelet; stopping the agent makes it say so in words; a site cut of 60 s is
// survived with no restart by hand and no pod restarted.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { CoreV1Api, PortForward, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { bootstrapDevice } from '../../src/core/bootstrap/bootstrap';
import { devicePaths } from '../../src/core/bootstrap/paths';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { FleetModel } from '../../src/core/fleet/fleetModel';
import { execInPod } from '../../src/core/kube/podExec';
import type { StateStore } from '../../src/core/ports';
import { sleep } from '../../src/core/sleep';
import { busyboxImage } from '../../components/images';
import { eventually } from '../support/eventually';
import { addDevice, bootstrapOptionsFor, deviceRun, ensureLabControlPlane, labSeed, memoryStateStore, removeDevice, type LabDevice } from '../../bench/bootstrap/labFixture';
import { lab, testLogger, waitForModel } from './fleetSupport';

const cp = 't-tun';
const site = 't-nat';
const devName = 't-d1';
const cpId = `${labSeed.name}/${cp}`;
const nodeId = `${cpId}/${devName}`;
const ns = 'default';
let cluster: KubeConfig;
let dev: LabDevice;
let model: FleetModel;
const state: StateStore = memoryStateStore();
const logs: string[] = [];

const core = (): CoreV1Api => cluster.makeApiClient(CoreV1Api);
const podOf = async (): Promise<V1Pod | undefined> => {
  const p = await core().readNamespacedPod({ name: 'web', namespace: ns }).catch(() => undefined);
  return p?.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.ready) ? p : undefined;
};
// Stop: every supervisor loop of the agent and every agent process on the device (by pid, found
// through /proc: a second loop left by an earlier start would otherwise bring it back), then list
// what is left so a failure shows it.
const agentPids = `for p in /proc/[0-9]*; do
  [ "$(readlink $p/exe 2>/dev/null)" = ${devicePaths.binDir}/konnectivity-agent ] && echo \${p#/proc/}
  [ "$(tr '\\0' '\\n' < $p/cmdline 2>/dev/null | sed -n 2,3p | tr '\\n' ' ')" = "${devicePaths.supervisor} konnectivity-agent " ] && echo \${p#/proc/}
done; true`;
const agent = (verb: 'stop' | 'start'): Promise<string> =>
  deviceRun(devName, state, verb === 'stop'
    // A loop that is in its 2 s pause runs its TERM trap only after it (and that trap removes the
    // pid files): wait until every loop and agent is gone, else a new loop's pid files would go too.
    ? `for i in $(seq 1 20); do l=$(${agentPids}); [ -z "$l" ] && break; for pid in $l; do kill $pid 2>/dev/null; done; sleep 1; done; echo "left: $(${agentPids} | tr '\\n' ' ')"`
    : `setsid nohup /bin/sh ${devicePaths.supervisor} konnectivity-agent '${devicePaths.binDir}/konnectivity-agent $(cat ${devicePaths.agentFlags})' </dev/null >/dev/null 2>&1 & echo started`);

function tcpOpens(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

/** GET / of the pod's port 8080 through the apiserver's port-forward (the path `kubectl port-forward` takes). */
async function portForwardGet(): Promise<string> {
  const out = new PassThrough();
  const input = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (d: Buffer) => chunks.push(d));
  const ws = await new PortForward(cluster).portForward(ns, 'web', [8080], out, null, input);
  input.write('GET / HTTP/1.0\r\nHost: web\r\n\r\n');
  const body = await eventually('the port-forwarded answer', async () => {
    const text = Buffer.concat(chunks).toString('utf8');
    return text.includes('tunnel-ok') ? text : undefined;
  }, 30_000);
  (ws as { close?: () => void }).close?.();
  return body;
}

before(async () => {
  await lab(['site', 'remove', site, '--force']).catch(() => undefined);
  removeDevice(devName);
  await lab(['site', 'add', site, '--nat']);
  dev = addDevice(devName, { site });
  cluster = await ensureLabControlPlane(cp);
  model = new FleetModel({ logger: testLogger(logs), usageIntervalMs: 3000, probeIntervalMs: 2000 });
  model.setSeeds([labSeed]);
  const r = await bootstrapDevice(await bootstrapOptionsFor(dev, { cluster, controlPlane: cp, state }));
  const tunnel = r.steps.find((s) => s.step === 'tunnel');
  assert.match(tunnel?.detail ?? '', /reaches the kubelet through the tunnel/, JSON.stringify(r.steps));
  await core().createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        nodeSelector: { 'kubernetes.io/hostname': devName },
        terminationGracePeriodSeconds: 1,
        containers: [{
          name: 'main',
          image: busyboxImage,
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', 'mkdir -p /tmp/www && echo tunnel-ok > /tmp/www/index.html && echo "hello from the device"; exec httpd -f -p 8080 -h /tmp/www'],
        }],
      },
    },
  });
});

after(async () => {
  await lab(['site', 'heal', site]).catch(() => undefined);
  await model?.disposeAsync();
  removeDevice(devName);
  await lab(['site', 'remove', site, '--force']).catch(() => undefined);
  await deleteControlPlane(labSeed, cp).catch(() => undefined);
});

test('the device is NAT\'ed: the seed cannot dial its kubelet, yet logs, exec and port-forward work through the tunnel', async () => {
  // The NAT is real: from the host (where the seed's pods run), the device's kubelet port does not answer.
  assert.equal(await tcpOpens(dev.address, 10250, 3000), false, `${dev.address}:10250 must not be reachable from the seed`);
  await podOf().then((p) => p ?? eventually('pod web Running on the NAT\'ed device', podOf, 180_000));
  const log = await core().readNamespacedPodLog({ name: 'web', namespace: ns, container: 'main' });
  assert.match(log, /hello from the device/);
  const r = await execInPod(cluster, ns, 'web', 'main', ['sh', '-c', 'echo exec through the tunnel']);
  assert.deepEqual(r, { stdout: 'exec through the tunnel\n', stderr: '', exitCode: 0 });
  assert.match(await portForwardGet(), /tunnel-ok/);
});

test('the model says the apiserver reaches the kubelet, and usage samples are real', async () => {
  const reach = await waitForModel(model, `${devName} reachable through the tunnel`, 120_000, () => {
    const n = model.node(nodeId);
    return n?.kubeletReach?.state === 'reachable' ? n.kubeletReach : undefined;
  });
  assert.ok(reach.since && reach.since <= Date.now());
  const u = await waitForModel(model, 'a usage sample with CPU and memory', 120_000, () => {
    const h = model.usageHistory(nodeId).filter((x) => (x.cpuMillicores ?? 0) > 0 && (x.memoryBytes ?? 0) > 0);
    return h.at(-1);
  });
  assert.ok(u.memoryBytes! > 1_000_000);
});

test('with the agent stopped, the model says the apiserver cannot reach that kubelet, in words, while the node still heartbeats', async () => {
  const stopped = await agent('stop');
  assert.match(stopped, /^left: *$/m, `no agent left on the device: ${stopped}`);
  try {
    const n = await waitForModel(model, `${devName} unreachable in the model`, 120_000, () => {
      const x = model.node(nodeId);
      return x?.kubeletReach?.state === 'unreachable' ? x : undefined;
    });
    assert.match(n.kubeletReach?.reason ?? '', /^no tunnel from this device yet/);
    assert.equal(n.usageUnavailableReason, 'no tunnel from this device yet');
    assert.equal(n.state, 'Ready', 'heartbeats are another matter: the kubelet still dials out');
    await assert.rejects(execInPod(cluster, ns, 'web', 'main', ['true'], 15_000));
  } finally {
    await agent('start');
  }
  await eventually('exec works again once the agent is back', async () => (await execInPod(cluster, ns, 'web', 'main', ['echo', 'back']).catch(() => undefined))?.stdout === 'back\n' || undefined, 60_000);
});

test('a site cut of 60 s: exec works again within 30 s of the heal, with the same containers and no restart', async () => {
  const before = (await podOf())!;
  const ids = before.status!.containerStatuses!.map((c) => c.containerID);
  const restarts = before.status!.containerStatuses!.map((c) => c.restartCount);
  await lab(['site', 'cut', site]);
  await sleep(60_000);
  await lab(['site', 'heal', site]);
  const healedAt = Date.now();
  await eventually('exec through the tunnel after the heal', async () => (await execInPod(cluster, ns, 'web', 'main', ['echo', 'again'], 10_000).catch(() => undefined))?.stdout === 'again\n' || undefined, 30_000);
  console.log(`exec worked again ${Math.round((Date.now() - healedAt) / 1000)} s after the heal`);
  const afterCut = (await core().readNamespacedPod({ name: 'web', namespace: ns })).status!.containerStatuses!;
  assert.deepEqual(afterCut.map((c) => c.containerID), ids, 'the same containers');
  assert.deepEqual(afterCut.map((c) => c.restartCount), restarts, 'no restart');
});

// Known gap, kept visible as a todo rather than hidden: after the Node is deleted, the agent
// reconnects with its Node-bound token and the server still accepts it (seen in every run so
// far). Until the bound object is checked (TokenReview of a Node-bound token, or the server's
// caching of reviews), deleting a Node does not revoke its tunnel.
test('deleting the Node revokes the agent\'s token (at its next connection); bootstrap again issues a new one', { todo: 'the server still accepts the token of a deleted Node' }, async () => {
  const oldUid = (await core().readNode({ name: devName })).metadata!.uid!;
  await core().deleteNode({ name: devName });
  // Force a new connection: the server checks an agent's token when it connects.
  await deviceRun(devName, state, `kill $(cat ${devicePaths.runDir}/konnectivity-agent.pid)`);
  let lastLog = '';
  const refused = await eventually('the agent refused for its token', async () => {
    lastLog = await deviceRun(devName, state, `tail -n 20 ${devicePaths.logDir}/konnectivity-agent.log`);
    return /Unauthenticated|failed to authenticate/i.test(lastLog) ? lastLog : undefined;
  }, 60_000).catch((e: unknown) => {
    throw new Error(`${String(e)}; the agent's last log lines: ${lastLog}`);
  });
  assert.match(refused, /Unauthenticated|failed to authenticate/i);
  // A kubelet registers its Node only when it starts: restart it (the supervisor starts it again).
  await deviceRun(devName, state, `kill $(cat ${devicePaths.runDir}/kubelet.pid)`);
  await eventually('the Node registered again, as a new object', async () => {
    const n = await core().readNode({ name: devName }).catch(() => undefined);
    return n?.metadata?.uid && n.metadata.uid !== oldUid ? n : undefined;
  }, 120_000);
  const r = await bootstrapDevice(await bootstrapOptionsFor(dev, { cluster, controlPlane: cp, state }));
  assert.match(r.steps.find((s) => s.step === 'tunnel')?.detail ?? '', /issued its token[\s\S]*reaches the kubelet through the tunnel/);
});
