import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMemory, parseMemory } from './units';

test('parseMemory reads sizes the way --memory documents them', () => {
  assert.equal(parseMemory('512M'), 512 * 1024 * 1024);
  assert.equal(parseMemory('1g'), 1024 ** 3);
  assert.equal(parseMemory('256Mi'), 256 * 1024 * 1024);
  assert.equal(parseMemory('268435456'), 268435456);
  assert.throws(() => parseMemory('lots'), /expected a size/);
  assert.throws(() => parseMemory('1M'), /too small/);
});

test('formatMemory shows whole units and "-" for no limit', () => {
  assert.equal(formatMemory(512 * 1024 * 1024), '512M');
  assert.equal(formatMemory(2 * 1024 ** 3), '2G');
  assert.equal(formatMemory(undefined), '-');
});
