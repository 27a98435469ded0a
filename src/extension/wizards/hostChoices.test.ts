import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostChoices, hostOf, joinedAs, type KnownNode } from './hostChoices';

const l10n = { t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_, i: string) => String(a[Number(i)])) };
const nodes: KnownNode[] = [{ id: 'lab/cp/cam-1', name: 'cam-1', controlPlaneId: 'lab/cp', internalIP: '10.0.0.5' }];
const resolve = (a: string): string | undefined => ({ cam: '10.0.0.5', gw: '10.0.0.1' })[a];

test('hostOf drops the user and the port', () => {
  assert.equal(hostOf('edge@10.213.0.14'), '10.213.0.14');
  assert.equal(hostOf('edge@10.213.0.14:2222'), '10.213.0.14');
  assert.equal(hostOf('[fd00::1]:22'), 'fd00::1');
  assert.equal(hostOf('cam-1'), 'cam-1');
});

test('a host whose address or name is a node says it is already joined, and where', () => {
  assert.deepEqual(joinedAs('cam', '10.0.0.5', nodes).map((n) => n.id), ['lab/cp/cam-1']);
  assert.deepEqual(joinedAs('root@10.0.0.5:22', undefined, nodes).map((n) => n.id), ['lab/cp/cam-1']);
  assert.deepEqual(joinedAs('cam-1', undefined, nodes).map((n) => n.id), ['lab/cp/cam-1']);
  assert.deepEqual(joinedAs('gw', '10.0.0.1', nodes), []);
  const rows = hostChoices(['cam', 'gw'], resolve, nodes, '~/.ssh/config', l10n, { includeNodes: false });
  assert.equal(rows[0]?.description, '10.0.0.5 · $(warning) already joined: cam-1 in lab/cp');
  assert.equal(rows[1]?.description, '10.0.0.1 · from ~/.ssh/config');
});

test('for a terminal the nodes come first and a config Host that is a node is not listed twice', () => {
  const rows = hostChoices(['cam', 'gw'], resolve, nodes, '~/.ssh/config', l10n, { includeNodes: true });
  assert.deepEqual(rows.map((r) => [r.label, r.nodeId]), [['cam-1', 'lab/cp/cam-1'], ['gw', undefined]]);
});
