import assert from 'node:assert/strict';
import { controlPlaneId, deviceId } from '../../core/ids';
import { test } from 'node:test';
import type { ControlPlaneView, EdgeNodeInfo } from '../../core/fleet/types';
import { isHeartbeatRow, isTimelineEntry, isUsageRow } from '../../protocol';
import {
  connectionDto,
  controlPlaneRef,
  heartbeatRow,
  latencyAfter,
  pointsAfter,
  RowDiffer,
  timeline,
  usageRow,
} from './viewModels';

function node(name: string, extra: Partial<EdgeNodeInfo> = {}): EdgeNodeInfo {
  return {
    id: deviceId(controlPlaneId('lab', 'cp1'), name),
    seed: 'lab',
    controlPlane: 'cp1',
    name,
    state: 'Ready',
    labels: {},
    capacity: {},
    allocatable: { cpuMillicores: 2000, memoryBytes: 4 * 2 ** 30, pods: 110 },
    transitions: [],
    ...extra,
  };
}

test('usage rows carry usage against allocatable and pass the protocol guard', () => {
  const row = usageRow(node('dev1', {
    lastHeartbeat: 1000,
    usage: { at: 2000, cpuMillicores: 150, memoryBytes: 300e6, fsUsedBytes: 1e9, fsCapacityBytes: 8e9, pods: 3 },
  }));
  assert.deepEqual(row, {
    id: 'lab/cp1/dev1', name: 'dev1', state: 'Ready',
    cpuMillicores: 150, cpuAllocatableMillicores: 2000, memoryBytes: 300e6, memoryAllocatableBytes: 4 * 2 ** 30,
    fsUsedBytes: 1e9, fsCapacityBytes: 8e9, pods: 3, podsAllocatable: 110, lastHeartbeat: 1000, sampledAt: 2000,
  });
  assert.ok(isUsageRow(row));
});

test('a node without usage keeps the model reason and no zeros', () => {
  const row = usageRow(node('dev2', { usageUnavailableReason: 'no metrics API' }));
  assert.equal(row.usageUnavailableReason, 'no metrics API');
  assert.equal('cpuMillicores' in row, false);
  assert.equal('memoryBytes' in row, false);
  assert.ok(isUsageRow(row));
});

test('only samples newer than the last one sent are posted', () => {
  const h = [{ at: 1, cpuMillicores: 1 }, { at: 2, cpuMillicores: 2, memoryBytes: 5 }, { at: 3 }];
  assert.deepEqual(pointsAfter(h, 1), [{ at: 2, cpuMillicores: 2, memoryBytes: 5 }, { at: 3 }]);
  assert.deepEqual(latencyAfter([{ at: 5, ok: false }, { at: 6, ok: true, latencyMs: 3 }], 5), [{ at: 6, ok: true, latencyMs: 3 }]);
});

test('the timeline merges every node, newest first, bounded', () => {
  const a = node('a', { transitions: [{ at: 10, from: 'Ready', to: 'Disconnected', reason: 'lease expired' }, { at: 30, from: 'Disconnected', to: 'Ready' }] });
  const b = node('b', { transitions: [{ at: 20, from: 'Unknown', to: 'Ready' }] });
  const t = timeline([a, b]);
  assert.deepEqual(t.map((e) => `${e.nodeName}@${e.at}`), ['a@30', 'b@20', 'a@10']);
  assert.equal(t[2]!.reason, 'lease expired');
  assert.ok(t.every(isTimelineEntry));
  assert.equal(timeline([a, b], 2).length, 2);
});

test('RowDiffer reports changed and removed rows only', () => {
  const d = new RowDiffer<{ id: string; v: number }>();
  d.reset([{ id: 'a', v: 1 }, { id: 'b', v: 1 }]);
  assert.deepEqual(d.diff([{ id: 'a', v: 1 }, { id: 'b', v: 2 }, { id: 'c', v: 0 }]), { changed: [{ id: 'b', v: 2 }, { id: 'c', v: 0 }], removed: [] });
  assert.deepEqual(d.diff([{ id: 'c', v: 0 }]), { changed: [], removed: ['a', 'b'] });
});

test('connection and control plane refs survive a model that forgot the control plane', () => {
  assert.deepEqual(controlPlaneRef('lab/cp1', undefined), { id: 'lab/cp1', name: 'cp1', seed: 'lab', known: false });
  assert.deepEqual(connectionDto(undefined), { state: 'unknown' });
  const cp = {
    seed: 'lab', name: 'cp1', id: 'lab/cp1', nodeCount: 1, readyCount: 1,
    connection: { state: 'degraded', reason: 'slow', latencyMs: 900, probedAt: '2026-01-01T00:00:00.000Z' },
  } as unknown as ControlPlaneView;
  assert.deepEqual(connectionDto(cp), { state: 'degraded', reason: 'slow', latencyMs: 900, probedAt: Date.UTC(2026, 0, 1) });
  assert.deepEqual(controlPlaneRef('lab/cp1', cp), { id: 'lab/cp1', name: 'cp1', seed: 'lab', known: true });
});

test('heartbeat rows keep the lease time and disconnection start, and pass the guard', () => {
  const row = heartbeatRow(node('x', { state: 'Disconnected', lastHeartbeat: 5, disconnectedSince: 7 }));
  assert.deepEqual(row, { id: 'lab/cp1/x', name: 'x', state: 'Disconnected', lastHeartbeat: 5, disconnectedSince: 7 });
  assert.ok(isHeartbeatRow(row));
});
