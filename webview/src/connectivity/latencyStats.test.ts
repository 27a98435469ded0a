import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latencyStats } from './latencyStats';

test('failed probes are counted, not averaged in', () => {
  assert.deepEqual(latencyStats([]), { probes: 0, failed: 0 });
  assert.deepEqual(latencyStats([{ at: 1, ok: false }]), { probes: 1, failed: 1 });
  assert.deepEqual(
    latencyStats([{ at: 1, ok: true, latencyMs: 9 }, { at: 2, ok: false }, { at: 3, ok: true, latencyMs: 3 }, { at: 4, ok: true, latencyMs: 5 }]),
    { probes: 4, failed: 1, medianMs: 5, maxMs: 9 },
  );
  assert.equal(latencyStats([{ at: 1, ok: true, latencyMs: 2 }, { at: 2, ok: true, latencyMs: 4 }]).medianMs, 3);
});
