import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeReach, nextReach, unreachableReason } from './kubeletReach';
import { usageFailureReason } from './usageParse';

// What the apiserver answers through the node proxy when the Konnectivity server has no agent for the node.
const noAgent = 'error trying to reach service: No agent available';

test('a missing tunnel is said in words, not as the raw dial error', () => {
  assert.match(unreachableReason(500, noAgent), /^no tunnel from this device yet/);
  assert.equal(usageFailureReason(500, noAgent), 'no tunnel from this device yet');
  assert.match(unreachableReason(403, 'forbidden'), /forbidden/);
  assert.match(unreachableReason(502, 'dial tcp 10.0.0.1:10250: i/o timeout'), /did not answer .* in time/);
  assert.doesNotMatch(unreachableReason(502, 'dial tcp 10.0.0.1:10250: connect: connection refused'), /dial tcp/);
});

test('reach keeps its since while unchanged and moves it on a change', () => {
  const a = nextReach(undefined, false, 'no tunnel', 1000);
  assert.deepEqual(a, { state: 'unreachable', since: 1000, reason: 'no tunnel' });
  assert.equal(nextReach(a, false, 'no tunnel', 2000).since, 1000);
  const b = nextReach(a, true, undefined, 3000);
  assert.deepEqual(b, { state: 'reachable', since: 3000 });
  assert.equal(nextReach(b, true, undefined, 4000), b);
  assert.equal(nextReach(b, false, 'no tunnel', 5000, true).noTunnel, true);
  assert.match(describeReach(b, 63_000), /reaches its kubelet \(since 60 s ago\)/);
  assert.match(describeReach(a, 61_000), /cannot reach its kubelet \(since 60 s ago\): no tunnel/);
  assert.equal(describeReach(undefined, 0), 'not checked yet');
});
