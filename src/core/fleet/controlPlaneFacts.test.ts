import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derivePhase } from '../controlplane/phase';
import { namespaceFacts, podLite, workloadLite } from './controlPlaneFacts';

const nsRaw = (annotations: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
  metadata: {
    name: 'edgeplane-edge-a', labels: { 'edgeplane.dev/control-plane': 'edge-a' }, creationTimestamp: '2026-01-01T00:00:00Z',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(5000), ...annotations },
    managedFields: [{ manager: 'edgeplane' }], ...extra,
  },
  status: { phase: 'Active' },
});

test('namespace facts name the control plane and keep only Edgeplane annotations', () => {
  const f = namespaceFacts(nsRaw({ 'edgeplane.dev/endpoint': 'https://10.213.0.1:30443', 'edgeplane.dev/spec': '{"name":"edge-a","version":"v1.35.4"}' }));
  assert.equal(f.controlPlane, 'edge-a');
  assert.equal(f.endpoint, 'https://10.213.0.1:30443');
  assert.equal(f.spec?.version, 'v1.35.4');
  assert.ok(!JSON.stringify(f.raw).includes('last-applied'));
  assert.ok(!JSON.stringify(f.raw).includes('managedFields'));
});

test('stripped objects still carry what derivePhase needs', () => {
  const ready = { 'edgeplane.dev/ready-at': '2026-01-01T00:00:20Z' };
  const sts = workloadLite({ metadata: { name: 'etcd', managedFields: [] }, spec: { replicas: 1, template: { big: 1 } }, status: { readyReplicas: 1 } });
  const dep = workloadLite({ metadata: { name: 'control-plane' }, spec: { replicas: 1 }, status: { readyReplicas: 1 } });
  const base = { namespace: namespaceFacts(nsRaw(ready)).raw, statefulSets: [sts], deployments: [dep] };
  assert.equal(derivePhase({ ...base, pods: [] }).phase, 'Running');
  const crash = podLite({
    metadata: { name: 'etcd-0' },
    spec: { containers: [{ name: 'etcd', image: 'x' }] },
    status: { containerStatuses: [{ name: 'etcd', ready: false, restartCount: 3, image: 'x', imageID: 'y', state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } } }] },
  });
  assert.ok(!JSON.stringify(crash).includes('"spec"'));
  const d = derivePhase({ ...base, statefulSets: [workloadLite({ metadata: { name: 'etcd' }, spec: { replicas: 1 }, status: {} })], pods: [crash] });
  assert.equal(d.phase, 'Degraded');
  assert.match(d.reason, /CrashLoopBackOff/);
  assert.equal(derivePhase({ ...base, probe: { ok: false, error: 'timeout' } }).phase, 'Unreachable');
  assert.equal(derivePhase({ ...base, namespace: namespaceFacts(nsRaw(ready, { deletionTimestamp: new Date() })).raw }).phase, 'Deleting');
});
