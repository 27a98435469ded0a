import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { annotations } from '../seeds';
import { cpAnnotations } from './names';
import { derivePhase, type PhaseInput } from './phase';

const ns = (ann: Record<string, string> = {}, extra: object = {}): PhaseInput['namespace'] => ({ metadata: { name: 'edgeplane-a', annotations: ann, ...extra }, status: { phase: 'Active' } });
const sts = (ready: number, want = 1): NonNullable<PhaseInput['statefulSets']>[number] => ({ metadata: { name: 'etcd' }, spec: { replicas: want } as never, status: { readyReplicas: ready, replicas: want } });
const dep = (ready: number): NonNullable<PhaseInput['deployments']>[number] => ({ metadata: { name: 'control-plane' }, spec: { replicas: 1 } as never, status: { readyReplicas: ready } });
const ready = { [cpAnnotations.readyAt]: '2026-01-01T00:00:00Z', [annotations.endpoint]: 'https://10.0.0.1:30000' };
const crashing: V1Pod = {
  metadata: { name: 'control-plane-x' },
  status: { containerStatuses: [{ name: 'kube-apiserver', ready: false, restartCount: 4, image: 'i', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } }] },
};

test('a new control plane is Provisioning and says what it waits for', () => {
  const p = derivePhase({ namespace: ns(), statefulSets: [sts(0)], deployments: [dep(0)] });
  assert.equal(p.phase, 'Provisioning');
  assert.match(p.reason, /etcd 0\/1 ready/);
});

test('a stuck pod during provisioning is named', () => {
  const p = derivePhase({ namespace: ns(), pods: [crashing], statefulSets: [sts(1)], deployments: [dep(0)] });
  assert.equal(p.phase, 'Provisioning');
  assert.match(p.reason, /control-plane-x\/kube-apiserver: CrashLoopBackOff/);
});

test('ready once, all ready, probe fine: Running', () => {
  assert.equal(derivePhase({ namespace: ns(ready), statefulSets: [sts(1)], deployments: [dep(1)], probe: { ok: true } }).phase, 'Running');
  assert.equal(derivePhase({ namespace: ns(ready), statefulSets: [sts(1)], deployments: [dep(1)] }).phase, 'Running');
});

test('ready once, then a component down: Degraded with the reason', () => {
  const p = derivePhase({ namespace: ns(ready), pods: [crashing], statefulSets: [sts(1)], deployments: [dep(0)] });
  assert.equal(p.phase, 'Degraded');
  assert.match(p.reason, /CrashLoopBackOff/);
  assert.match(derivePhase({ namespace: ns(ready), statefulSets: [sts(2, 3)], deployments: [dep(1)] }).reason, /etcd 2\/3 ready/);
});

test('pods ready but the exposed address does not answer: Unreachable', () => {
  const p = derivePhase({ namespace: ns(ready), statefulSets: [sts(1)], deployments: [dep(1)], probe: { ok: false, error: 'ETIMEDOUT' } });
  assert.equal(p.phase, 'Unreachable');
  assert.match(p.reason, /ETIMEDOUT/);
  assert.match(p.reason, /10\.0\.0\.1:30000/);
});

test('a terminating namespace is Deleting whatever else holds', () => {
  assert.equal(derivePhase({ namespace: ns(ready, { deletionTimestamp: new Date() }), statefulSets: [sts(1)], deployments: [dep(1)] }).phase, 'Deleting');
  assert.equal(derivePhase({ namespace: ns({ [annotations.deleting]: 'x' }) }).phase, 'Deleting');
});

test('a recorded create failure is Degraded and says how to go on', () => {
  const p = derivePhase({ namespace: ns({ [annotations.createFailed]: JSON.stringify({ step: 'apiserver', message: 'timeout' }) }) });
  assert.equal(p.phase, 'Degraded');
  assert.match(p.reason, /step "apiserver": timeout/);
  assert.match(p.reason, /run create again to retry, or delete it to clean up/i);
});
