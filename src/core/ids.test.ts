import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlPlaneId, controlPlaneOf, controlPlaneParts, deviceId, deviceParts, displayName, isWithin, parseId, seedOf } from './ids';

test('ids name a seed, a control plane or a device in it; anything else is no id', () => {
  assert.equal(parseId('lab')?.kind, 'seed');
  assert.equal(parseId('lab/cp1')?.kind, 'controlPlane');
  assert.deepEqual(parseId('lab/cp1/dev1'), {
    kind: 'device', seedId: 'lab', controlPlaneId: 'lab/cp1', deviceId: 'lab/cp1/dev1', seed: 'lab', controlPlane: 'cp1', name: 'dev1',
  });
  for (const bad of ['', 'lab//x', 'a/b/c/d', '/cp', 'lab/', 42, undefined]) assert.equal(parseId(bad), undefined, String(bad));
});

test('made and read back by the same module', () => {
  const cp = controlPlaneId('lab', 'cp1');
  const dev = deviceId(cp, 'dev1');
  assert.equal(dev, 'lab/cp1/dev1');
  assert.deepEqual(controlPlaneParts(dev), { seed: 'lab', controlPlane: 'cp1' });
  assert.deepEqual(deviceParts(dev), { seed: 'lab', controlPlane: 'cp1', controlPlaneId: cp, name: 'dev1' });
  assert.equal(seedOf(dev), 'lab');
  assert.equal(controlPlaneOf(dev), cp);
  assert.equal(controlPlaneOf('lab'), undefined);
  assert.deepEqual([displayName('lab'), displayName(cp), displayName(dev), displayName('a//b')], ['lab', 'cp1', 'dev1', 'a//b']);
  assert.ok(isWithin(dev, cp) && isWithin(cp, 'lab') && isWithin(cp, cp));
  assert.ok(!isWithin('lab2/cp1', 'lab'), 'a seed whose name starts like another is not within it');
});
