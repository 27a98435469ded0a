import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import {
  connectivityStringKeys,
  isHostToConnectivity,
  isHostToNodeUsage,
  nodeUsageStringKeys,
  type ConnectivityStrings,
  type HostToConnectivity,
  type HostToNodeUsage,
  type NodeUsageStrings,
} from '../../protocol';
import { ConnectivityController } from './connectivityPanel';
import { cpView, FakeFleet, FakePort, nodeInfo } from '../../../test/support/fakeFleet';
import { NodeUsageController } from './nodeUsagePanel';

const cp = 'lab/cp1';
const usageStrings = () => Object.fromEntries(nodeUsageStringKeys.map((k) => [k, k])) as NodeUsageStrings;
const connStrings = () => Object.fromEntries(connectivityStringKeys.map((k) => [k, k])) as ConnectivityStrings;
const env = { locale: 'en', historyMinutes: () => 60, updateIntervalMs: 1000 };

function usageSetup(target: { controlPlaneId: string; nodeId?: string } = { controlPlaneId: cp }) {
  const fleet = new FakeFleet();
  fleet.cps.set(cp, cpView(cp));
  fleet.setNodes(cp, [nodeInfo(cp, 'a'), nodeInfo(cp, 'b', { usageUnavailableReason: 'no metrics API' })]);
  fleet.usage.set(`${cp}/a`, [{ at: 10, cpuMillicores: 100, memoryBytes: 5e8 }]);
  const port = new FakePort<HostToNodeUsage>(target);
  const c = new NodeUsageController(port, fleet, { ...env, strings: usageStrings });
  return { fleet, port, c };
}

test('node usage: nothing is posted before ready; ready brings the whole state', () => {
  const { fleet, port, c } = usageSetup({ controlPlaneId: cp, nodeId: `${cp}/a` });
  fleet.emit({ kind: 'nodes', controlPlaneId: cp });
  assert.equal(port.posted.length, 0);
  port.isReady = true;
  c.onMessage({ type: 'ready' });
  const init = port.posted[0];
  assert.ok(isHostToNodeUsage(init) && init.type === 'init');
  assert.deepEqual(init.rows.map((r) => r.name), ['a', 'b']);
  assert.equal(init.rows[1]!.usageUnavailableReason, 'no metrics API');
  assert.equal(init.focusNodeId, `${cp}/a`);
  assert.deepEqual(init.history, { nodeId: `${cp}/a`, points: [{ at: 10, cpuMillicores: 100, memoryBytes: 5e8 }] });
  c.dispose();
  assert.equal(fleet.listenerCount, 0, 'dispose unsubscribes');
});

test('node usage: the webview\'s remembered selection wins over the focus', () => {
  const { port, c } = usageSetup({ controlPlaneId: cp, nodeId: `${cp}/a` });
  port.isReady = true;
  c.onMessage({ type: 'ready', selectedNodeId: `${cp}/b` });
  const init = port.posted[0] as Extract<HostToNodeUsage, { type: 'init' }>;
  assert.equal(init.history?.nodeId, `${cp}/b`);
  c.onMessage({ type: 'ready', selectedNodeId: `${cp}/gone` });
  assert.equal((port.posted[1] as typeof init).history?.nodeId, `${cp}/b`, 'an unknown node falls back to the last selection');
  c.dispose();
});

test('node usage: bursts of events become one throttled post of changed rows and new samples', (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const { fleet, port, c } = usageSetup();
  port.isReady = true;
  c.onMessage({ type: 'ready' });
  port.posted.length = 0;

  fleet.setNodes(cp, [nodeInfo(cp, 'a', { usage: { at: 20, cpuMillicores: 300 } }), nodeInfo(cp, 'b', { usageUnavailableReason: 'no metrics API' })]);
  fleet.usage.set(`${cp}/a`, [{ at: 10, cpuMillicores: 100, memoryBytes: 5e8 }, { at: 20, cpuMillicores: 300 }]);
  for (let i = 0; i < 20; i++) fleet.emit({ kind: 'usage', controlPlaneId: cp, nodeIds: [`${cp}/a`] });
  fleet.emit({ kind: 'usage', controlPlaneId: 'lab/other', nodeIds: ['lab/other/x'] });
  assert.equal(port.posted.length, 0, 'nothing before the interval');
  mock.timers.tick(1000);
  const kinds = port.posted.map((m) => m.type).sort();
  assert.deepEqual(kinds, ['rows', 'samples']);
  const rows = port.posted.find((m) => m.type === 'rows') as Extract<HostToNodeUsage, { type: 'rows' }>;
  assert.deepEqual(rows.rows.map((r) => r.name), ['a'], 'only the changed row');
  const samples = port.posted.find((m) => m.type === 'samples') as Extract<HostToNodeUsage, { type: 'samples' }>;
  assert.deepEqual(samples.points, [{ at: 20, cpuMillicores: 300 }], 'only the new sample');

  port.posted.length = 0;
  fleet.emit({ kind: 'nodes', controlPlaneId: cp });
  mock.timers.tick(1000);
  assert.deepEqual(port.posted, [], 'an event that changed nothing posts nothing');

  fleet.setNodes(cp, [nodeInfo(cp, 'b', { usageUnavailableReason: 'no metrics API' })]);
  fleet.cps.delete(cp);
  fleet.emit({ kind: 'controlPlanes', seedId: 'lab' });
  mock.timers.tick(1000);
  const gone = port.posted[0]! as Extract<HostToNodeUsage, { type: 'rows' }>;
  assert.deepEqual(gone.removed, [`${cp}/a`]);
  assert.equal(gone.controlPlane.known, false);
  c.dispose();
});

test('node usage: selecting a node posts its whole history', () => {
  const { fleet, port, c } = usageSetup();
  fleet.usage.set(`${cp}/b`, [{ at: 5 }]);
  port.isReady = true;
  c.onMessage({ type: 'ready' });
  c.onMessage({ type: 'selectNode', nodeId: `${cp}/b` });
  assert.deepEqual(port.posted[1], { type: 'history', now: (port.posted[1] as { now: number }).now, history: { nodeId: `${cp}/b`, points: [{ at: 5 }] } });
  c.dispose();
});

test('connectivity: init carries latency, heartbeats and the timeline; updates are incremental', (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const fleet = new FakeFleet();
  fleet.cps.set(cp, cpView(cp));
  fleet.setNodes(cp, [nodeInfo(cp, 'a', { lastHeartbeat: 50, transitions: [{ at: 40, from: 'Unknown', to: 'Ready' }] })]);
  fleet.latency.set(cp, [{ at: 1, ok: true, latencyMs: 4 }, { at: 2, ok: false }]);
  const port = new FakePort<HostToConnectivity>({ controlPlaneId: cp });
  const opened: string[] = [];
  const c = new ConnectivityController(port, fleet, { ...env, strings: connStrings, showNodeUsage: (id) => opened.push(id) });
  port.isReady = true;
  c.onMessage({ type: 'ready' });
  const init = port.posted[0];
  assert.ok(isHostToConnectivity(init) && init.type === 'init');
  assert.equal(init.latency.length, 2);
  assert.equal(init.connection.state, 'connected');
  assert.equal(init.leaseDurationSeconds, 40);
  assert.deepEqual(init.timeline.map((e) => e.to), ['Ready']);

  port.posted.length = 0;
  fleet.latency.set(cp, [{ at: 1, ok: true, latencyMs: 4 }, { at: 2, ok: false }, { at: 3, ok: false }]);
  fleet.cps.set(cp, cpView(cp, { connection: { state: 'unreachable', reason: 'connect ECONNREFUSED' } }));
  fleet.emit({ kind: 'connection', clusterId: cp });
  fleet.emit({ kind: 'connection', clusterId: 'lab' });
  mock.timers.tick(1000);
  assert.deepEqual(port.posted.map((m) => m.type), ['connection']);
  const conn = port.posted[0] as Extract<HostToConnectivity, { type: 'connection' }>;
  assert.deepEqual(conn.latency, [{ at: 3, ok: false }]);
  assert.deepEqual(conn.connection, { state: 'unreachable', reason: 'connect ECONNREFUSED' });

  port.posted.length = 0;
  fleet.setNodes(cp, [nodeInfo(cp, 'a', { state: 'Disconnected', lastHeartbeat: 50, disconnectedSince: 90, transitions: [{ at: 40, from: 'Unknown', to: 'Ready' }, { at: 90, from: 'Ready', to: 'Disconnected' }] })]);
  fleet.emit({ kind: 'node', nodeId: `${cp}/a`, controlPlaneId: cp });
  mock.timers.tick(1000);
  const nodes = port.posted[0] as Extract<HostToConnectivity, { type: 'nodes' }>;
  assert.equal(nodes.type, 'nodes');
  assert.equal(nodes.nodes[0]!.disconnectedSince, 90);
  assert.deepEqual(nodes.timeline.map((e) => e.to), ['Disconnected', 'Ready']);

  c.onMessage({ type: 'showNodeUsage', nodeId: `${cp}/a` });
  assert.deepEqual(opened, [`${cp}/a`]);
  c.dispose();
});
