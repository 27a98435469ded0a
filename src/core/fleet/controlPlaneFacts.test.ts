import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fallbackPhase, namespaceFacts, podFacts, workloadFacts } from './controlPlaneFacts';

const ns = (extra: Record<string, unknown> = {}) => namespaceFacts({
  metadata: { name: 'edgeplane-edge-a', labels: { 'edgeplane.dev/control-plane': 'edge-a' }, creationTimestamp: '2026-01-01T00:00:00Z', ...extra },
});
const t = Date.parse('2026-01-01T00:01:00Z');

test('namespace facts name the control plane', () => {
  const f = ns({ annotations: { 'edgeplane.dev/endpoint': 'https://10.213.0.1:30443', 'edgeplane.dev/spec': '{"name":"edge-a","version":"v1.35.4"}' } });
  assert.equal(f.controlPlane, 'edge-a');
  assert.equal(f.endpoint, 'https://10.213.0.1:30443');
  assert.equal(f.spec?.version, 'v1.35.4');
});

test('phase follows workloads, pod problems, deletion and reachability', () => {
  const ready = [workloadFacts('StatefulSet', { metadata: { name: 'etcd' }, spec: { replicas: 1 }, status: { readyReplicas: 1 } }),
    workloadFacts('Deployment', { metadata: { name: 'control-plane' }, spec: { replicas: 1 }, status: { readyReplicas: 1 } })];
  const starting = [workloadFacts('StatefulSet', { metadata: { name: 'etcd' }, spec: { replicas: 1 }, status: {} })];
  assert.equal(fallbackPhase({ ns: ns(), pods: [], workloads: [], now: t }).phase, 'Provisioning');
  assert.equal(fallbackPhase({ ns: ns(), pods: [], workloads: starting, now: t }).phase, 'Provisioning');
  assert.equal(fallbackPhase({ ns: ns(), pods: [], workloads: starting, now: t + 3600_000 }).phase, 'Degraded');
  assert.equal(fallbackPhase({ ns: ns(), pods: [], workloads: ready, now: t }).phase, 'Running');
  assert.equal(fallbackPhase({ ns: ns(), pods: [], workloads: ready, apiserverReachable: false, now: t }).phase, 'Unreachable');
  const crash = podFacts({ metadata: { name: 'etcd-0' }, status: { containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] } });
  const d = fallbackPhase({ ns: ns(), pods: [crash], workloads: ready, now: t });
  assert.deepEqual(d, { phase: 'Degraded', reason: 'etcd-0 is CrashLoopBackOff' });
  assert.equal(fallbackPhase({ ns: ns({ deletionTimestamp: '2026-01-01T00:00:30Z' }), pods: [], workloads: ready, now: t }).phase, 'Deleting');
});
