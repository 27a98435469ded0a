// The fleet model and a real device: a hosted control plane in the lab seed,
// a lab device bootstrapped into it with core's bootstrapDevice, then the
// device's link cut and healed. The model runs as the extension runs it: the
// seed from its kubeconfig, the edge cluster through getAdminKubeConfig.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeConfig } from '@kubernetes/client-node';
import { bootstrapDevice } from '../../src/core/bootstrap/bootstrap';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { FleetModel } from '../../src/core/fleet/fleetModel';
import type { StateStore } from '../../src/core/ports';
import { addDevice, bootstrapOptionsFor, ensureLabControlPlane, labSeed, memoryStateStore, removeDevice, type LabDevice } from '../../bench/bootstrap/labFixture';
import { lab, testLogger, waitForModel } from './fleetSupport';

const cp = 'fleet-dev';
const cpId = `${labSeed.name}/${cp}`;
const deviceName = 'fl1';
const nodeId = `${cpId}/${deviceName}`;
let cluster: KubeConfig;
let device: LabDevice;
let model: FleetModel;
const state: StateStore = memoryStateStore();
const logs: string[] = [];

before(async () => {
  cluster = await ensureLabControlPlane(cp);
  removeDevice(deviceName);
  device = addDevice(deviceName);
  model = new FleetModel({ logger: testLogger(logs), usageIntervalMs: 5000, probeIntervalMs: 2000 });
  model.setSeeds([labSeed]);
});

after(async () => {
  await lab(['device', 'heal', deviceName]).catch(() => undefined);
  await model?.disposeAsync();
  removeDevice(deviceName);
  await deleteControlPlane(labSeed, cp).catch(() => undefined);
});

test('a bootstrapped device appears in the model within seconds of joining, after showing as joining', async () => {
  await waitForModel(model, `control plane ${cp} running with its edge cluster synced`, 120_000,
    () => model.controlPlane(cpId)?.phase === 'Running' && model.edge(cpId)?.nodesSynced);
  const joiningSeen = new Set<string>();
  const sub = model.onEvent((e) => {
    if (e.kind === 'joining' && e.controlPlaneId === cpId) for (const j of model.joining(cpId)) joiningSeen.add(j.name);
  });
  await bootstrapDevice(await bootstrapOptionsFor(device, { cluster, controlPlane: cp, state }));
  // The bootstrap returned with the Node Ready: the model must have it within seconds.
  const info = await waitForModel(model, `${deviceName} Ready in the model`, 10_000, () => {
    const n = model.node(nodeId);
    return n?.state === 'Ready' ? n : undefined;
  });
  sub.dispose();
  assert.ok(joiningSeen.has(deviceName), 'the device was shown as joining while its bootstrap token existed');
  assert.deepEqual(model.joining(cpId).map((j) => j.name).filter((n) => n === deviceName), [], 'a joined device is no longer joining');
  assert.equal(info.kubeletVersion, 'v1.35.4');
  assert.equal(info.os, 'linux');
  assert.ok(info.arch);
  assert.equal(info.internalIP, device.address);
  assert.ok((info.capacity.memoryBytes ?? 0) > 0 && (info.allocatable.cpuMillicores ?? 0) > 0);
  // The kubelet creates its Lease just after the Node: the heartbeat follows within seconds.
  const heartbeat = await waitForModel(model, `a heartbeat of ${deviceName} from its Lease`, 30_000, () => model.node(nodeId)?.lastHeartbeat);
  assert.ok(heartbeat > Date.now() - 60_000, 'a recent heartbeat');
  assert.equal(model.controlPlane(cpId)?.readyCount, 1);
});

test('usage history of the device holds real, non-zero CPU and memory samples', async () => {
  const samples = await waitForModel(model, 'two usage samples with CPU and memory', 120_000, () => {
    const h = model.usageHistory(nodeId).filter((u) => (u.cpuMillicores ?? 0) > 0 && (u.memoryBytes ?? 0) > 0);
    return h.length >= 2 ? h : undefined;
  });
  const last = samples.at(-1)!;
  console.log(`usage of ${deviceName}: ${JSON.stringify(last)}; reason if any: ${model.node(nodeId)?.usageUnavailableReason ?? 'none'}`);
  assert.ok(last.memoryBytes! > 1_000_000, 'a kubelet node uses more than 1 MB');
  assert.ok((last.pods ?? 0) >= 0);
  assert.equal(model.node(nodeId)?.usageUnavailableReason, undefined);
});

test('after `lab device cut` the node is disconnected within the lease duration + 10 s, and connected again after heal', async () => {
  const leaseMs = 40_000;
  await lab(['device', 'cut', deviceName]);
  const cutAt = Date.now();
  const down = await waitForModel(model, `${deviceName} disconnected`, leaseMs + 10_000, () => {
    const n = model.node(nodeId);
    return n?.state === 'Disconnected' ? n : undefined;
  });
  console.log(`disconnected ${Math.round((Date.now() - cutAt) / 1000)} s after the cut`);
  assert.ok(down.disconnectedSince && down.disconnectedSince <= Date.now());
  assert.equal(down.transitions.at(-1)?.to, 'Disconnected');
  await lab(['device', 'heal', deviceName]);
  const up = await waitForModel(model, `${deviceName} connected again`, 90_000, () => {
    const n = model.node(nodeId);
    return n?.state === 'Ready' ? n : undefined;
  });
  assert.equal(up.disconnectedSince, undefined);
  assert.deepEqual(up.transitions.slice(-2).map((t) => t.to), ['Disconnected', 'Ready']);
  // The control plane itself stayed reachable: only the device's link was cut.
  assert.notEqual(model.controlPlane(cpId)?.connection.state, 'unreachable');
});
