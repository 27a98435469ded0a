import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import { compactResources, firstServiceIp, immutableDifferences, imagesFor, layoutOf, supportedVersions, usedImages, validateSpec } from './spec';

const refused = (input: Parameters<typeof validateSpec>[0], code: string): void => {
  assert.throws(() => validateSpec(input), (e: unknown) => e instanceof UserFacingError && e.code === code && e.hint.length > 0);
};

test('defaults: newest version, NodePort, one etcd member, small', () => {
  assert.deepEqual(validateSpec({ name: 'edge-a' }), { name: 'edge-a', version: supportedVersions[0], exposure: 'NodePort', etcdMembers: 1, size: 'small', layout: 'standard' });
});

test('names must be DNS-1123 labels short enough for derived names', () => {
  for (const bad of ['Edge', '-a', 'a-', 'a_b', '1abc', '', 'a.b']) refused({ name: bad }, 'spec-invalid-name');
  refused({ name: 'a'.repeat(41) }, 'spec-name-too-long');
  assert.equal(validateSpec({ name: 'a'.repeat(40) }).name.length, 40);
});

test('each other field is checked with a hint', () => {
  refused({ name: 'x', version: 'v1.20.0' }, 'spec-unsupported-version');
  refused({ name: 'x', exposure: 'Ingress' }, 'spec-invalid-exposure');
  refused({ name: 'x', etcdMembers: 2 }, 'spec-invalid-etcd-members');
  refused({ name: 'x', size: 'huge' }, 'spec-invalid-size');
  refused({ name: 'x', layout: 'tiny' }, 'spec-invalid-layout');
  refused({ name: 'x', imageRegistry: 'https://reg.example' }, 'spec-invalid-registry');
  refused({ name: 'x', serviceCidr: '10.96.0.0' }, 'spec-invalid-service-cidr');
  refused({ name: 'x', podCidr: '300.0.0.0/16' }, 'spec-invalid-pod-cidr');
});

test('the registry override replaces registry.k8s.io in every image', () => {
  const spec = validateSpec({ name: 'x', imageRegistry: 'reg.local:5000/k8s/' });
  assert.equal(spec.imageRegistry, 'reg.local:5000/k8s');
  const images = imagesFor(spec);
  assert.ok(Object.values(images).every((i) => i.startsWith('reg.local:5000/k8s/')));
  assert.equal(imagesFor(validateSpec({ name: 'x' })).apiserver, 'registry.k8s.io/kube-apiserver:v1.35.4');
});

test('the first service IP is the network address plus one', () => {
  assert.equal(firstServiceIp('10.96.0.0/12'), '10.96.0.1');
  assert.equal(firstServiceIp('10.100.7.9/16'), '10.100.0.1');
  assert.equal(firstServiceIp('192.168.200.0/24'), '192.168.200.1');
});

test('etcd members, exposure and ranges cannot change on a re-run; size can', () => {
  const a = validateSpec({ name: 'x' });
  assert.deepEqual(immutableDifferences(a, { ...a, size: 'large' }), []);
  assert.equal(immutableDifferences(a, { ...a, etcdMembers: 3 }).length, 1);
  assert.equal(immutableDifferences(a, { ...a, exposure: 'LoadBalancer', serviceCidr: '10.0.0.0/16' }).length, 2);
});

test('the compact layout pulls one control-plane image, from the override registry when given', () => {
  const compact = validateSpec({ name: 'x', layout: 'compact' });
  assert.deepEqual(usedImages(compact), ['registry.k8s.io/etcd:3.6.6-0', 'ghcr.io/edgeplane/kube-controlplane:v1.35.4', 'registry.k8s.io/kas-network-proxy/proxy-server:v0.33.0']);
  const mirrored = validateSpec({ name: 'x', layout: 'compact', imageRegistry: 'mirror.local:5000/k8s' });
  assert.deepEqual(usedImages(mirrored), ['mirror.local:5000/k8s/etcd:3.6.6-0', 'mirror.local:5000/k8s/kube-controlplane:v1.35.4', 'mirror.local:5000/k8s/kas-network-proxy/proxy-server:v0.33.0']);
  // The standard layout: etcd, the three upstream images, the tunnel server, and kube-controlplane for the serving-certificate approver.
  assert.deepEqual(usedImages(validateSpec({ name: 'x' })).map((i) => i.split('/').pop()), ['etcd:3.6.6-0', 'kube-apiserver:v1.35.4', 'kube-controller-manager:v1.35.4', 'kube-scheduler:v1.35.4', 'proxy-server:v0.33.0', 'kube-controlplane:v1.35.4']);
  // A spec stored before layouts existed is standard.
  assert.equal(layoutOf({ name: 'x', version: 'v1.35.4', exposure: 'NodePort', etcdMembers: 1, size: 'small' }), 'standard');
});

test('the compact container is given what the three containers had together', () => {
  assert.deepEqual(compactResources('small'), { requests: { cpu: '170m', memory: '232Mi' }, limits: { memory: '896Mi' } });
  assert.deepEqual(compactResources('large'), { requests: { cpu: '1350m', memory: '1376Mi' }, limits: { memory: '5632Mi' } });
});
