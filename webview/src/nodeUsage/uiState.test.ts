import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isConnectivityUi, defaultConnectivityUi } from '../connectivity/uiState';
import { windowOptions } from '../ui/windowSelect';
import { sortValue } from './table';
import { defaultUsageUi, isUsageUi } from './uiState';

test('remembered UI state is checked before use (it survives extension upgrades)', () => {
  assert.ok(isUsageUi(defaultUsageUi));
  assert.ok(isUsageUi({ sort: { key: 'cpu', direction: 'desc' }, selectedNodeId: 'a/b/c', windowMinutes: 15 }));
  assert.ok(!isUsageUi({ sort: { key: 'colour', direction: 'desc' }, windowMinutes: 15 }));
  assert.ok(!isUsageUi({ sort: { key: 'cpu', direction: 'up' }, windowMinutes: 15 }));
  assert.ok(!isUsageUi({ sort: { key: 'cpu', direction: 'asc' } }));
  assert.ok(isConnectivityUi(defaultConnectivityUi));
  assert.ok(!isConnectivityUi({ windowMinutes: 5, sort: { key: 'cpu', direction: 'asc' } }));
  assert.ok(!isConnectivityUi(null));
});

test('time windows: 5, 15, 30 minutes and the whole history, never beyond it', () => {
  assert.deepEqual(windowOptions(60), [5, 15, 30, 60]);
  assert.deepEqual(windowOptions(10), [5, 10]);
  assert.deepEqual(windowOptions(120), [5, 15, 30, 120]);
  assert.deepEqual(windowOptions(5), [5]);
});

test('usage rows sort by usage and heartbeat age; missing values stay missing', () => {
  const row = { id: 'x', name: 'n1', state: 'Ready' as const, cpuMillicores: 5, lastHeartbeat: 1000 };
  assert.equal(sortValue(row, 'cpu', 5000), 5);
  assert.equal(sortValue(row, 'heartbeat', 5000), 4000);
  assert.equal(sortValue(row, 'memory', 5000), undefined);
  assert.equal(sortValue({ ...row, lastHeartbeat: undefined }, 'heartbeat', 5000), undefined);
});
