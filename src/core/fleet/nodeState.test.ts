import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNodeInfo, deriveNodeState, leaseFacts, nodeFacts, sameInfo } from './nodeState';
import { controlPlaneId, deviceId } from '../ids';

const dev1 = deviceId(controlPlaneId('s', 'c'), 'dev-1');

const rawNode = (ready: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name: 'dev-1', labels: { 'kubernetes.io/os': 'linux', site: 'a' }, managedFields: [{ big: 'x'.repeat(1000) }], ...extra },
  status: {
    conditions: [{ type: 'Ready', status: ready, reason: 'KubeletReady', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    nodeInfo: { kubeletVersion: 'v1.35.4', operatingSystem: 'linux', architecture: 'amd64' },
    addresses: [{ type: 'Hostname', address: 'dev-1' }, { type: 'InternalIP', address: '10.213.0.11' }],
    capacity: { cpu: '2', memory: '2Gi', pods: '110' },
    allocatable: { cpu: '1500m', memory: '1800Mi', pods: '110' },
  },
});

test('node facts keep only what the model shows', () => {
  const f = nodeFacts(rawNode('True'));
  assert.equal(f.name, 'dev-1');
  assert.equal(f.readyStatus, 'True');
  assert.equal(f.internalIP, '10.213.0.11');
  assert.equal(f.kubeletVersion, 'v1.35.4');
  assert.deepEqual(f.capacity, { cpuMillicores: 2000, memoryBytes: 2 * 2 ** 30, pods: 110 });
  assert.deepEqual(f.allocatable, { cpuMillicores: 1500, memoryBytes: 1800 * 2 ** 20, pods: 110 });
  assert.ok(!JSON.stringify(f).includes('managedFields'));
});

test('a stale lease makes a Ready node Disconnected', () => {
  const now = 1_000_000;
  const fresh = { renewTime: now - 5_000, durationMs: 40_000 };
  const stale = { renewTime: now - 41_000, durationMs: 40_000 };
  assert.equal(deriveNodeState({ readyStatus: 'True' }, fresh, now), 'Ready');
  assert.equal(deriveNodeState({ readyStatus: 'True' }, stale, now), 'Disconnected');
  assert.equal(deriveNodeState({ readyStatus: 'Unknown' }, fresh, now), 'Disconnected');
  assert.equal(deriveNodeState({ readyStatus: 'False' }, undefined, now), 'NotReady');
  assert.equal(deriveNodeState(undefined, undefined, now), 'Unknown');
  assert.deepEqual(leaseFacts({ spec: { renewTime: '2026-01-01T00:00:10.000000Z', leaseDurationSeconds: 40 } }), {
    renewTime: Date.parse('2026-01-01T00:00:10Z'), durationMs: 40_000,
  });
});

test('transitions are recorded with disconnectedSince from the last heartbeat', () => {
  const f = nodeFacts(rawNode('True'));
  const t0 = 1_000_000;
  const a = buildNodeInfo(dev1, 's', 'c', f, { renewTime: t0, durationMs: 40_000 }, undefined, t0);
  assert.equal(a.state, 'Ready');
  assert.deepEqual(a.transitions, []);
  // Heartbeat renewal alone is no change worth an event.
  const a2 = buildNodeInfo(dev1, 's', 'c', f, { renewTime: t0 + 10_000, durationMs: 40_000 }, a, t0 + 10_000);
  assert.ok(sameInfo(a, a2));
  const b = buildNodeInfo(dev1, 's', 'c', f, { renewTime: t0 + 10_000, durationMs: 40_000 }, a2, t0 + 51_000);
  assert.equal(b.state, 'Disconnected');
  assert.equal(b.disconnectedSince, t0 + 10_000);
  assert.equal(b.transitions.length, 1);
  assert.equal(b.transitions[0]!.from, 'Ready');
  assert.equal(b.transitions[0]!.to, 'Disconnected');
  assert.match(b.transitions[0]!.reason ?? '', /no heartbeat for 41 s/);
  assert.ok(!sameInfo(a2, b));
  const c = buildNodeInfo(dev1, 's', 'c', f, { renewTime: t0 + 60_000, durationMs: 40_000 }, b, t0 + 60_000);
  assert.equal(c.state, 'Ready');
  assert.equal(c.disconnectedSince, undefined);
  assert.deepEqual(c.transitions.map((t) => t.to), ['Disconnected', 'Ready']);
});

test('transitions stay bounded', () => {
  const f = nodeFacts(rawNode('True'));
  const down = nodeFacts(rawNode('False'));
  let info = buildNodeInfo(dev1, 's', 'c', f, undefined, undefined, 0);
  for (let i = 1; i <= 120; i++) info = buildNodeInfo(dev1, 's', 'c', i % 2 ? down : f, undefined, info, i);
  assert.equal(info.transitions.length, 50);
  assert.equal(info.transitions.at(-1)!.at, 120);
});
