import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SandboxFailures, sandboxFailure, sandboxFailureWindowMs } from './sandboxFailures';

const ev = (node: string, at: string, message = 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create containerd task: OCI runtime create failed\nmore') => ({
  metadata: { name: `x.${at}`, namespace: 'default' },
  source: { component: 'kubelet', host: node },
  message,
  lastTimestamp: at,
});

test('a sandbox failure event names its node and the first line of its message', () => {
  const f = sandboxFailure(ev('d1', '2026-12-03T10:00:00Z'));
  assert.equal(f?.node, 'd1');
  assert.match(f?.message ?? '', /^Failed to create pod sandbox: .*OCI runtime create failed$/);
  assert.equal(sandboxFailure({ metadata: { name: 'x' } }), undefined, 'no node, no time: ignored');
});

test('a node has a runtime problem while its newest failure is recent; it clears after the window or when the event goes', () => {
  const s = new SandboxFailures();
  const t0 = Date.parse('2026-12-03T10:00:00Z');
  assert.equal(s.upsert('default/a', ev('d1', '2026-12-03T10:00:00Z')), 'd1');
  assert.match(s.problem('d1', t0 + 1000) ?? '', /^cannot start pods: Failed to create pod sandbox/);
  assert.equal(s.problem('d2', t0), undefined);
  assert.equal(s.problem('d1', t0 + sandboxFailureWindowMs + 1), undefined, 'old failures are over');
  assert.deepEqual([...s.nodes()], ['d1']);
  assert.equal(s.remove('default/a'), 'd1');
  assert.equal(s.problem('d1', t0), undefined);
});
