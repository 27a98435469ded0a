import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlPlaneIdFrom, deviceIdFrom, fleetIdOf, panelTargetFrom, panelTargetFromArgs, seedIdFrom } from './targets';

test('panels: command arguments in the shapes the tree, status bar and tests pass', () => {
  assert.deepEqual(panelTargetFrom('lab/cp1'), { controlPlaneId: 'lab/cp1' });
  assert.deepEqual(panelTargetFrom('lab/cp1/dev1'), { controlPlaneId: 'lab/cp1', nodeId: 'lab/cp1/dev1' });
  assert.equal(panelTargetFrom('lab'), undefined);
  assert.deepEqual(panelTargetFromArgs(['lab/cp1']), { controlPlaneId: 'lab/cp1' });
  assert.deepEqual(panelTargetFromArgs([{ nodeId: 'lab/cp1/d' }]), { controlPlaneId: 'lab/cp1', nodeId: 'lab/cp1/d' });
  assert.deepEqual(panelTargetFromArgs([{ controlPlaneId: 'lab/cp1' }]), { controlPlaneId: 'lab/cp1' });
  assert.deepEqual(panelTargetFromArgs([{ kind: 'edgeNode', node: { id: 'lab/cp1/d', name: 'd' } }]), { controlPlaneId: 'lab/cp1', nodeId: 'lab/cp1/d' });
  assert.deepEqual(panelTargetFromArgs([{ controlPlane: { id: 'lab/cp2' } }]), { controlPlaneId: 'lab/cp2' });
  // VS Code passes (clicked, selection[]) for tree menus: the first usable one wins.
  assert.deepEqual(panelTargetFromArgs([undefined, [{ id: 'x' }], { id: 'lab/cp3' }]), { controlPlaneId: 'lab/cp3' });
  assert.equal(panelTargetFromArgs([]), undefined);
  assert.equal(panelTargetFromArgs([42, { label: 'seed' }]), undefined);
});

test('commands: every tree row names what a command acts on', () => {
  const cp = 'lab/cp1';
  const seedRow = { kind: 'seed', id: 'lab', seedId: 'lab' };
  const cpRow = { kind: 'controlPlane', id: cp, parentId: 'lab', controlPlaneId: cp };
  const groupRow = { kind: 'group', id: `${cp}/#group/=s1`, parentId: cp, controlPlaneId: cp, value: 's1', total: 1, notReady: 0 };
  const nodeRow = { kind: 'node', id: `${cp}/n1`, parentId: cp, controlPlaneId: cp, nodeId: `${cp}/n1` };
  const joiningRow = { kind: 'joining', id: `${cp}/j1`, parentId: cp, controlPlaneId: cp, deviceId: `${cp}/j1`, name: 'j1' };
  const seedMessage = { kind: 'message', id: 'lab/#message/noControlPlanes', parentId: 'lab', message: { kind: 'noControlPlanes', target: 'lab' } };
  const cpMessage = { kind: 'message', id: `${cp}/#message/noNodes`, parentId: cp, message: { kind: 'noNodes', target: cp } };
  assert.equal(seedIdFrom(seedRow), 'lab');
  assert.equal(controlPlaneIdFrom(seedRow), undefined);
  for (const row of [cpRow, groupRow, nodeRow, joiningRow, cpMessage, cp]) assert.equal(controlPlaneIdFrom(row), cp);
  assert.equal(seedIdFrom(seedMessage), 'lab');
  assert.equal(controlPlaneIdFrom(seedMessage), undefined, 'a seed message row names no control plane');
  // A joining device has the id of the node it joins as: one convention for both.
  assert.equal(deviceIdFrom(joiningRow), `${cp}/j1`);
  assert.equal(deviceIdFrom(nodeRow), `${cp}/n1`);
  assert.equal(deviceIdFrom(cpRow), undefined);
  assert.equal(fleetIdOf({ kind: 'more', id: `${cp}/#more`, parentId: cp, shown: 1, total: 2 })?.kind, 'controlPlane');
});
