import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuMillicores, parseQuantity } from './quantity';

test('quantities parse with binary and decimal suffixes', () => {
  assert.equal(parseQuantity('4Gi'), 4 * 2 ** 30);
  assert.equal(parseQuantity('128974848'), 128974848);
  assert.equal(parseQuantity('129e6'), 129e6);
  assert.equal(parseQuantity('1k'), 1000);
  assert.equal(parseQuantity('bogus'), undefined);
  assert.equal(cpuMillicores('250m'), 250);
  assert.equal(cpuMillicores('2'), 2000);
  assert.equal(cpuMillicores('1500000n'), 2);
});
