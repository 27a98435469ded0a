import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Node } from '@kubernetes/client-node';
import { CancelledError } from '../errors';
import { sleep } from '../sleep';
import { httpsUrl, nodeAddress, storageAnnotation, storageFromAnnotation } from './seedFacts';

const node = (ready: boolean, addresses: [string, string][]): V1Node => ({
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], addresses: addresses.map(([type, address]) => ({ type, address })) },
});

test('the exposed address prefers a Ready node, and ExternalIP over InternalIP', () => {
  assert.equal(nodeAddress([node(false, [['ExternalIP', '203.0.113.1']]), node(true, [['InternalIP', '10.0.0.2']])]), '10.0.0.2');
  assert.equal(nodeAddress([node(true, [['InternalIP', '10.0.0.2'], ['ExternalIP', '203.0.113.2']])]), '203.0.113.2');
  assert.equal(nodeAddress([node(false, [['InternalIP', '10.0.0.3']])]), '10.0.0.3');
  assert.equal(nodeAddress([]), undefined);
});

test('the etcd storage choice survives a round trip through its annotation', () => {
  for (const s of [{ kind: 'emptyDir' as const }, { kind: 'pvc' as const, storageClass: 'local-path', size: '2Gi' }]) {
    assert.deepEqual(storageFromAnnotation(storageAnnotation(s)), s);
  }
  assert.equal(storageFromAnnotation(undefined), undefined);
  assert.equal(storageFromAnnotation('garbage'), undefined);
});

test('URLs bracket IPv6 literals', () => {
  assert.equal(httpsUrl('10.0.0.1', 30000), 'https://10.0.0.1:30000');
  assert.equal(httpsUrl('fd00::1', 6443), 'https://[fd00::1]:6443');
  assert.equal(httpsUrl('cp.example.com', 6443), 'https://cp.example.com:6443');
});

test('waiting is cancelled by the abort signal', async () => {
  const ac = new AbortController();
  const p = sleep(60_000, ac.signal);
  ac.abort();
  await assert.rejects(p, CancelledError);
  await assert.rejects(sleep(1, ac.signal), CancelledError);
});
