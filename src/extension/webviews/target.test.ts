import assert from 'node:assert/strict';
import { test } from 'node:test';
import { targetFromArgs, targetFromId } from './target';

test('ids name a control plane or a node in it', () => {
  assert.deepEqual(targetFromId('lab/cp1'), { controlPlaneId: 'lab/cp1' });
  assert.deepEqual(targetFromId('lab/cp1/dev1'), { controlPlaneId: 'lab/cp1', nodeId: 'lab/cp1/dev1' });
  assert.equal(targetFromId('lab'), undefined);
  assert.equal(targetFromId('lab//x'), undefined);
  assert.equal(targetFromId('a/b/c/d'), undefined);
});

test('command arguments in the shapes the tree, status bar and tests pass', () => {
  assert.deepEqual(targetFromArgs(['lab/cp1']), { controlPlaneId: 'lab/cp1' });
  assert.deepEqual(targetFromArgs([{ nodeId: 'lab/cp1/d' }]), { controlPlaneId: 'lab/cp1', nodeId: 'lab/cp1/d' });
  assert.deepEqual(targetFromArgs([{ controlPlaneId: 'lab/cp1' }]), { controlPlaneId: 'lab/cp1' });
  assert.deepEqual(targetFromArgs([{ kind: 'edgeNode', node: { id: 'lab/cp1/d', name: 'd' } }]), { controlPlaneId: 'lab/cp1', nodeId: 'lab/cp1/d' });
  assert.deepEqual(targetFromArgs([{ controlPlane: { id: 'lab/cp2' } }]), { controlPlaneId: 'lab/cp2' });
  // VS Code passes (clicked, selection[]) for tree menus: the first usable one wins.
  assert.deepEqual(targetFromArgs([undefined, [{ id: 'x' }], { id: 'lab/cp3' }]), { controlPlaneId: 'lab/cp3' });
  assert.equal(targetFromArgs([]), undefined);
  assert.equal(targetFromArgs([42, { label: 'seed' }]), undefined);
});
