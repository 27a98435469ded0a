import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  connectivityStringKeys,
  isConnectivityToHost,
  isHostToConnectivity,
  isHostToNodeUsage,
  isNodeUsageToHost,
  isPanelTarget,
  nodeUsageStringKeys,
} from './index';

const strings = (keys: readonly string[]): Record<string, string> => Object.fromEntries(keys.map((k) => [k, k]));
const cp = { id: 'lab/cp1', name: 'cp1', seed: 'lab', known: true };

test('webview -> host messages: only known types with the right fields', () => {
  assert.ok(isNodeUsageToHost({ type: 'ready' }));
  assert.ok(isNodeUsageToHost({ type: 'ready', selectedNodeId: 'lab/cp1/a' }));
  assert.ok(!isNodeUsageToHost({ type: 'ready', selectedNodeId: 3 }));
  assert.ok(isNodeUsageToHost({ type: 'selectNode', nodeId: 'lab/cp1/a' }));
  assert.ok(!isNodeUsageToHost({ type: 'selectNode' }));
  assert.ok(!isNodeUsageToHost({ type: 'showNodeUsage', nodeId: 'x' }));
  assert.ok(isConnectivityToHost({ type: 'showNodeUsage', nodeId: 'x' }));
  assert.ok(!isConnectivityToHost({ type: 'selectNode', nodeId: 'x' }));
  for (const junk of [null, undefined, 'ready', 42, [], { type: 'nope' }]) {
    assert.ok(!isNodeUsageToHost(junk));
    assert.ok(!isConnectivityToHost(junk));
  }
});

test('node usage init needs every localised string and valid rows', () => {
  const init = {
    type: 'init', controlPlane: cp, strings: strings(nodeUsageStringKeys), locale: 'en', now: 1, historyMinutes: 60,
    rows: [{ id: 'a', name: 'a', state: 'Ready', cpuMillicores: 5 }],
    history: { nodeId: 'a', points: [{ at: 1, cpuMillicores: 5 }] },
  };
  assert.ok(isHostToNodeUsage(init));
  const { heading: _drop, ...missing } = init.strings;
  assert.ok(!isHostToNodeUsage({ ...init, strings: missing }));
  assert.ok(!isHostToNodeUsage({ ...init, rows: [{ id: 'a', name: 'a', state: 'Sleepy' }] }));
  assert.ok(!isHostToNodeUsage({ ...init, rows: [{ id: 'a', name: 'a', state: 'Ready', cpuMillicores: Number.NaN }] }));
  assert.ok(isHostToNodeUsage({ type: 'samples', now: 2, nodeId: 'a', points: [] }));
  assert.ok(isHostToNodeUsage({ type: 'rows', now: 2, controlPlane: cp, rows: [], removed: ['b'] }));
  assert.ok(!isHostToNodeUsage({ type: 'rows', now: 2, rows: [], removed: [] }));
});

test('connectivity messages', () => {
  const init = {
    type: 'init', controlPlane: cp, strings: strings(connectivityStringKeys), locale: 'en', now: 1, historyMinutes: 60,
    leaseDurationSeconds: 40, connection: { state: 'connected', latencyMs: 4 },
    latency: [{ at: 1, ok: true, latencyMs: 4 }, { at: 2, ok: false }],
    nodes: [{ id: 'a', name: 'a', state: 'Disconnected', disconnectedSince: 1 }],
    timeline: [{ nodeId: 'a', nodeName: 'a', at: 1, from: 'Ready', to: 'Disconnected' }],
  };
  assert.ok(isHostToConnectivity(init));
  assert.ok(!isHostToConnectivity({ ...init, connection: { state: 'fine' } }));
  assert.ok(!isHostToConnectivity({ ...init, latency: [{ at: 1 }] }));
  assert.ok(isHostToConnectivity({ type: 'connection', now: 3, connection: { state: 'unreachable', reason: 'timeout' }, latency: [] }));
  assert.ok(!isHostToConnectivity({ type: 'history', now: 3 }));
});

test('panel targets restored from persisted state are checked', () => {
  assert.ok(isPanelTarget({ controlPlaneId: 'lab/cp1' }));
  assert.ok(isPanelTarget({ controlPlaneId: 'lab/cp1', nodeId: 'lab/cp1/a' }));
  assert.ok(!isPanelTarget({ nodeId: 'x' }));
  assert.ok(!isPanelTarget(undefined));
});
