// The fleet model against real apiservers: the lab seed, and a scratch
// apiserver (bench/fleet/scratchApiserver.ts) standing in for an edge cluster.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { FleetModel } from '../../src/core/fleet/fleetModel';
import { labels } from '../../src/core/seeds';
import { seedContext, seedKubeconfig } from '../../lab/config';
import { ensureScratchApiserver, scratchRunning, stopScratchApiserver } from '../../bench/fleet/scratchApiserver';
import { startCountingProxy } from '../support/countingProxy';
import { deleteNamespace, ensureNamespace, kubeConfigFile, lab, testLogger, waitForModel } from './fleetSupport';

const suffix = Math.random().toString(36).slice(2, 7);
let startedScratch = false;
after(async () => {
  if (startedScratch) await stopScratchApiserver();
});

test('a Node created in a watched edge cluster shows up in the model within seconds; no watch is left after dispose', async (t) => {
  startedScratch = !scratchRunning();
  const kc = kubeConfigFile(await ensureScratchApiserver());
  const proxy = await startCountingProxy(kc);
  t.after(() => proxy.close());
  // The scratch apiserver plays both seed (a control-plane namespace) and edge cluster.
  const cp = `fleet-it-${suffix}`;
  await ensureNamespace(kc, `edgeplane-${cp}`, { [labels.controlPlane]: cp });
  t.after(() => deleteNamespace(kc, `edgeplane-${cp}`));
  const logs: string[] = [];
  const model = new FleetModel({
    logger: testLogger(logs), probeIntervalMs: 1000, usageIntervalMs: 5000,
    seedKubeConfig: () => proxy.kubeconfig(), adminKubeConfig: async () => proxy.kubeconfig(),
  });
  t.after(() => model.disposeAsync());
  model.setSeeds([{ name: 'scratch', context: 'proxy' }]);
  const cpId = `scratch/${cp}`;
  await waitForModel(model, 'the control plane and its edge cluster', 30_000, () => model.edge(cpId)?.nodesSynced);
  await waitForModel(model, 'the seed to be connected', 15_000, () => model.seeds()[0]?.connection.state === 'connected');

  const core = kc.makeApiClient(CoreV1Api);
  const name = `fleet-node-${suffix}`;
  const nodeId = `${cpId}/${name}`;
  assert.equal(model.node(nodeId), undefined);
  const events: string[] = [];
  const sub = model.onEvent((e) => events.push(e.kind));
  await core.createNode({ body: { metadata: { name, labels: { 'fleet-test': 'a' } }, status: { capacity: { cpu: '2', memory: '1Gi', pods: '10' } } } });
  t.after(() => core.deleteNode({ name }).catch(() => undefined));
  const info = await waitForModel(model, `node ${name} in the model`, 10_000, () => model.node(nodeId));
  assert.equal(info.name, name);
  assert.equal(info.labels['fleet-test'], 'a');
  assert.deepEqual(info.capacity, { cpuMillicores: 2000, memoryBytes: 2 ** 30, pods: 10 });
  // Events are coalesced: the announcement may trail the snapshot by a moment.
  assert.ok(await waitForModel(model, 'the changed node list to be announced', 5_000, () => events.includes('nodes')));
  assert.equal(model.controlPlane(cpId)?.nodeCount, model.nodes(cpId).length);

  await core.patchNode({ name, body: { metadata: { labels: { 'fleet-test': 'b' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  const changed = await waitForModel(model, 'the label change', 10_000, (e) => e?.kind === 'node' && e.nodeId === nodeId && model.node(nodeId)?.labels['fleet-test'] === 'b');
  assert.ok(changed);
  await core.deleteNode({ name });
  await waitForModel(model, 'the node to leave the model', 10_000, () => model.node(nodeId) === undefined);
  sub.dispose();
  // Latency history from the /livez probe.
  assert.ok(model.latencyHistory('scratch').some((s) => s.ok && (s.latencyMs ?? -1) >= 0));
  assert.ok(model.latencyHistory(cpId).length > 0);

  await model.disposeAsync();
  // Every watch ended: nothing stays open at the proxy.
  const deadline = Date.now() + 10_000;
  while (proxy.open() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(proxy.open(), 0, 'requests still open after dispose');
});

test('after `lab seed restart` every watch recovers with no node lost or duplicated', async (t) => {
  const kc = kubeConfigFile(seedKubeconfig, seedContext);
  const proxy = await startCountingProxy(kc);
  t.after(() => proxy.close());
  // The seed is watched both as seed and, through a test namespace, as the edge cluster of a control plane.
  const cp = `fleet-restart-${suffix}`;
  await ensureNamespace(kc, `edgeplane-${cp}`, { [labels.controlPlane]: cp });
  t.after(() => deleteNamespace(kc, `edgeplane-${cp}`));
  const model = new FleetModel({
    logger: testLogger(), probeIntervalMs: 1000, usageIntervalMs: 60_000,
    seedKubeConfig: () => proxy.kubeconfig(), adminKubeConfig: async () => proxy.kubeconfig(),
  });
  t.after(() => model.disposeAsync());
  model.setSeeds([{ name: 'lab', context: 'proxy' }]);
  const cpId = `lab/${cp}`;
  await waitForModel(model, 'the edge cluster to sync', 30_000, () => model.edge(cpId)?.nodesSynced);
  const core = kc.makeApiClient(CoreV1Api);
  const apiNames = async (): Promise<string[]> => (await core.listNode()).items.map((n) => n.metadata?.name ?? '').sort();
  const before = await apiNames();
  assert.deepEqual(model.nodes(cpId).map((n) => n.name).sort(), before);
  const watchesBefore = model.edge(cpId)!.reflectorStats.reduce((n, s) => n + s.watches, 0);

  const down: string[] = [];
  const sub = model.onEvent((e) => {
    if (e.kind === 'connection' && e.clusterId === 'lab') down.push(model.seeds()[0]!.connection.state);
  });
  await lab(['seed', 'restart']);
  // The outage was seen, and the connection came back.
  await waitForModel(model, 'the seed to be connected again', 120_000, () => model.seeds()[0]?.connection.state === 'connected' && down.some((s) => s !== 'connected'));
  sub.dispose();
  await waitForModel(model, 'every watch of the edge cluster to run again', 60_000,
    () => model.edge(cpId)!.reflectorStats.reduce((n, s) => n + s.watches, 0) > watchesBefore && model.controlPlane(cpId)?.connection.state === 'connected');
  // The watches are live again: a change made after the restart arrives.
  const seedNode = before.find((n) => !n.startsWith('fleet-')) ?? before[0]!;
  const mark = `r${Date.now()}`;
  await core.patchNode({ name: seedNode, body: { metadata: { labels: { 'edgeplane.dev/fleet-test': mark } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  t.after(() => core.patchNode({ name: seedNode, body: { metadata: { labels: { 'edgeplane.dev/fleet-test': null } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)).catch(() => undefined));
  await waitForModel(model, 'the post-restart label change', 20_000, () => model.node(`${cpId}/${seedNode}`)?.labels['edgeplane.dev/fleet-test'] === mark);
  const names = model.nodes(cpId).map((n) => n.name).sort();
  assert.equal(new Set(names).size, names.length, 'a node is duplicated');
  assert.deepEqual(names, await apiNames(), 'the model lost or invented a node');
  assert.ok(model.controlPlanes('lab').some((c) => c.id === cpId), 'the control plane survived the restart');
});
