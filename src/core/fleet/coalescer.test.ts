import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coalesce, EventCoalescer } from './coalescer';
import type { FleetEvent } from './types';

test('identical events merge and usage node ids are unioned', () => {
  const out = coalesce([
    { kind: 'node', nodeId: 's/c/a', controlPlaneId: 's/c' },
    { kind: 'node', nodeId: 's/c/a', controlPlaneId: 's/c' },
    { kind: 'usage', controlPlaneId: 's/c', nodeIds: ['s/c/a'] },
    { kind: 'usage', controlPlaneId: 's/c', nodeIds: ['s/c/b', 's/c/a'] },
    { kind: 'connection', clusterId: 's' },
  ]);
  assert.deepEqual(out, [
    { kind: 'node', nodeId: 's/c/a', controlPlaneId: 's/c' },
    { kind: 'usage', controlPlaneId: 's/c', nodeIds: ['s/c/a', 's/c/b'] },
    { kind: 'connection', clusterId: 's' },
  ]);
});

test('a burst of node events of one control plane collapses into one nodes event', () => {
  const batch: FleetEvent[] = [];
  for (let i = 0; i < 500; i++) batch.push({ kind: 'node', nodeId: `s/big/n${i}`, controlPlaneId: 's/big' });
  batch.push({ kind: 'node', nodeId: 's/small/x', controlPlaneId: 's/small' });
  const out = coalesce(batch, 100);
  assert.deepEqual(out, [
    { kind: 'nodes', controlPlaneId: 's/big' },
    { kind: 'node', nodeId: 's/small/x', controlPlaneId: 's/small' },
  ]);
});

test('the coalescer delivers one batch per timer tick', () => {
  const timers: (() => void)[] = [];
  const c = new EventCoalescer({ setTimer: (fn) => timers.push(fn), clearTimer: () => undefined });
  const got: FleetEvent[] = [];
  c.on((e) => got.push(e));
  c.emit({ kind: 'seeds' });
  c.emit({ kind: 'seeds' });
  c.emit({ kind: 'seed', seedId: 'a' });
  assert.equal(timers.length, 1, 'one timer for a burst');
  assert.deepEqual(got, []);
  timers[0]!();
  assert.deepEqual(got, [{ kind: 'seeds' }, { kind: 'seed', seedId: 'a' }]);
  c.emit({ kind: 'seeds' });
  assert.equal(timers.length, 2);
});
