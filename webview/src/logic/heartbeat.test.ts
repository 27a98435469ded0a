import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heartbeatLevel } from './heartbeat';

test('heartbeat age is judged against the lease duration', () => {
  assert.equal(heartbeatLevel(undefined, 40), 'unknown');
  assert.equal(heartbeatLevel(10_000, 40), 'fresh');
  assert.equal(heartbeatLevel(20_000, 40), 'fresh');
  assert.equal(heartbeatLevel(30_000, 40), 'late');
  assert.equal(heartbeatLevel(40_000, 40), 'late');
  assert.equal(heartbeatLevel(41_000, 40), 'stale');
});
