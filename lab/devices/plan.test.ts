import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocateAddress, allocateInnerNetwork, type DevicePlan } from './plan';

const plan = (name: string, address: string, extra: Partial<DevicePlan> = {}): DevicePlan => ({ name, address, auth: 'key', ...extra });

test('addresses start at .10 and skip those taken', () => {
  assert.equal(allocateAddress([], '10.213.0'), '10.213.0.10');
  assert.equal(allocateAddress([plan('a', '10.213.0.10'), plan('b', '10.213.0.12')], '10.213.0'), '10.213.0.11');
});

test('inner networks are numbered from 1 and never reused while held', () => {
  assert.equal(allocateInnerNetwork([plan('a', '10.213.0.10')]), 1);
  assert.equal(allocateInnerNetwork([plan('a', '10.213.0.10', { innerNetwork: 1 }), plan('b', '10.213.0.11', { innerNetwork: 2 })]), 3);
});
