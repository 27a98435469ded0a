import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from './backoff';

test('backoff doubles up to the cap and resets', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 800, 1000, 1000]);
  b.reset();
  assert.equal(b.next(), 100);
});

test('backoff jitter stays within its spread', () => {
  const low = new Backoff({ initialMs: 1000, jitter: 0.5, random: () => 0 });
  const high = new Backoff({ initialMs: 1000, jitter: 0.5, random: () => 1 });
  assert.equal(low.next(), 500);
  assert.equal(high.next(), 1500);
});
