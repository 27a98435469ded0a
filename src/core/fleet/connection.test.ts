import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveConnection, type ConnectionInputs } from './connection';

const base: ConnectionInputs = { probeFailures: 0, watchesTotal: 3, watchesFailing: 0, slowMs: 1000 };
const ok = (latencyMs: number) => ({ at: 0, ok: true, latencyMs });

test('connection follows probe and watches', () => {
  assert.equal(deriveConnection(base).state, 'unknown');
  assert.equal(deriveConnection({ ...base, lastProbe: ok(12) }).state, 'connected');
  assert.equal(deriveConnection({ ...base, lastProbe: ok(12) }).latencyMs, 12);
  const slow = deriveConnection({ ...base, lastProbe: ok(2500) });
  assert.equal(slow.state, 'degraded');
  assert.match(slow.reason ?? '', /2500 ms/);
  const partial = deriveConnection({ ...base, lastProbe: ok(5), watchesFailing: 1, watchError: 'forbidden' });
  assert.equal(partial.state, 'degraded');
  assert.match(partial.reason ?? '', /1 of 3 watches failing: forbidden/);
  const fail = { at: 0, ok: false };
  assert.equal(deriveConnection({ ...base, lastProbe: fail, probeFailures: 1 }).state, 'degraded');
  assert.equal(deriveConnection({ ...base, lastProbe: fail, probeFailures: 1, watchesFailing: 3 }).state, 'unreachable');
  const down = deriveConnection({ ...base, lastProbe: fail, probeFailures: 2, probeError: 'connect ECONNREFUSED' });
  assert.equal(down.state, 'unreachable');
  assert.match(down.reason ?? '', /ECONNREFUSED/);
});
