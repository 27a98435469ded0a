import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiException } from '@kubernetes/client-node';
import { isTransient, retryTransient } from './client';

const socketError = (code: string): Error => Object.assign(new Error(`request failed, reason: connect ${code}`), { code, cause: Object.assign(new Error(code), { code }) });

test('refused connections, resets and 5xx/429 are transient; 4xx and other errors are not', () => {
  assert.ok(isTransient(socketError('ECONNREFUSED')));
  assert.ok(isTransient(new Error('x', { cause: { code: 'ECONNRESET' } })));
  assert.ok(isTransient(new ApiException(503, 'unavailable', '', {})));
  assert.ok(isTransient(new ApiException(429, 'slow down', '', {})));
  assert.ok(!isTransient(new ApiException(403, 'forbidden', '', {})));
  assert.ok(!isTransient(new ApiException(422, 'invalid', '', {})));
  assert.ok(!isTransient(socketError('ENOTFOUND')));
  assert.ok(!isTransient(new Error('certificate has expired')));
});

test('retryTransient tries again after transient failures, and stops at once on others', async () => {
  let calls = 0;
  const retries: string[] = [];
  const value = await retryTransient(async () => {
    calls++;
    if (calls < 3) throw socketError('ECONNREFUSED');
    return 'done';
  }, { timeoutMs: 10_000, pauseMs: 1, onRetry: (r) => retries.push(r) });
  assert.equal(value, 'done');
  assert.equal(calls, 3);
  assert.equal(retries.length, 2);
  assert.match(retries[0]!, /ECONNREFUSED/);

  calls = 0;
  await assert.rejects(retryTransient(async () => {
    calls++;
    throw new ApiException(403, 'forbidden', '', {});
  }, { timeoutMs: 10_000, pauseMs: 1 }), (e: ApiException<string>) => e.code === 403);
  assert.equal(calls, 1);
});

test('retryTransient gives up with the last failure when its time is over', async () => {
  let calls = 0;
  await assert.rejects(retryTransient(async () => {
    calls++;
    throw socketError('ECONNRESET');
  }, { timeoutMs: 30, pauseMs: 10 }), /ECONNRESET/);
  assert.ok(calls >= 2 && calls < 10, `calls: ${calls}`);
});
