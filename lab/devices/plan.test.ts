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

test('sites take router addresses and LANs from the top, skipping what devices, bastions and other sites hold', () => {
  assert.equal(allocateAddress([], '10.213.0', [], true), '10.213.0.254');
  assert.equal(allocateAddress([plan('a', '10.213.0.254')], '10.213.0', ['10.213.0.253'], true), '10.213.0.252');
  // A device never gets a site router's address.
  assert.equal(allocateAddress([plan('a', '10.213.0.10')], '10.213.0', ['10.213.0.11']), '10.213.0.12');
  assert.equal(allocateInnerNetwork([], [], true), 254);
  assert.equal(allocateInnerNetwork([plan('a', '10.213.0.10', { innerNetwork: 254 })], [253], true), 252);
  // A bastion never gets a site's LAN.
  assert.equal(allocateInnerNetwork([], [1, 2]), 3);
});
