import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingBuffer } from './ringBuffer';

test('ring buffer keeps the newest items in order once full', () => {
  const rb = new RingBuffer<number>(3);
  assert.deepEqual(rb.toArray(), []);
  assert.equal(rb.last(), undefined);
  for (let i = 1; i <= 5; i++) rb.push(i);
  assert.deepEqual(rb.toArray(), [3, 4, 5]);
  assert.equal(rb.size, 3);
  assert.equal(rb.last(), 5);
});

test('ring buffer drops old items from the front', () => {
  const rb = new RingBuffer<number>(4);
  for (let i = 1; i <= 6; i++) rb.push(i);
  rb.dropWhile((n) => n < 5);
  assert.deepEqual(rb.toArray(), [5, 6]);
  rb.push(7);
  rb.push(8);
  rb.push(9);
  assert.deepEqual(rb.toArray(), [6, 7, 8, 9]);
});

test('ring buffer refuses a zero capacity', () => {
  assert.throws(() => new RingBuffer(0), RangeError);
});
