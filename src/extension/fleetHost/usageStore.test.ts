import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageStore } from './usageStore';

const minute = 60_000;

test('samples survive a reload: saved by one session, put before the live samples of the next', () => {
  let now = 10 * minute;
  const before = new UsageStore({ historyMs: 60 * minute, now: () => now });
  before.record('lab/cp/n1', [{ at: 5 * minute, cpuMillicores: 100 }, { at: 6 * minute, cpuMillicores: 120 }]);
  before.record('lab/cp/n1', [{ at: 6 * minute, cpuMillicores: 120 }, { at: 7 * minute, cpuMillicores: 130 }]);
  const saved = before.takeSnapshot();
  assert.ok(saved);
  assert.equal(before.takeSnapshot(), undefined, 'nothing new, nothing to write');

  now = 8 * minute;
  const after = new UsageStore({ historyMs: 60 * minute, now: () => now });
  after.load(saved);
  // The new model has only its own first sample; the panel sees the whole hour.
  const merged = after.history('lab/cp/n1', [{ at: 8 * minute, cpuMillicores: 140 }]);
  assert.deepEqual(merged.map((p) => p.cpuMillicores), [100, 120, 130, 140]);
  assert.deepEqual(after.history('lab/cp/other', []), []);
});

test('bounded: samples per node, nodes, and age', () => {
  let now = 100 * minute;
  const s = new UsageStore({ historyMs: 10 * minute, maxSamples: 3, maxNodes: 2, now: () => now });
  s.record('a', [1, 2, 3, 4, 5].map((i) => ({ at: now - i * 1000 })).reverse());
  assert.equal(s.history('a', []).length, 3);
  s.record('b', [{ at: now }]);
  s.record('c', [{ at: now }]);
  const kept = JSON.parse(s.takeSnapshot() ?? '{}') as Record<string, unknown>;
  assert.deepEqual(Object.keys(kept).sort(), ['b', 'c'], 'the least recently sampled node goes');
  now += 11 * minute;
  assert.deepEqual(s.history('b', []), [], 'older than the history window');
});

test('a damaged file is ignored', () => {
  const s = new UsageStore({ historyMs: minute });
  s.load('{not json');
  s.load('{"a": "x", "b": [{"nope": 1}]}');
  assert.deepEqual(s.history('a', []), []);
  assert.deepEqual(s.history('b', []), []);
});
