import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Prompter } from '../ports';
import { pausableTimer, pausingPrompter } from './pausableTimer';

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('the timeout fires when nobody is asked anything', async () => {
  let fired = false;
  pausableTimer(20, () => (fired = true));
  await wait(80);
  assert.equal(fired, true);
});

test('a question open longer than the timeout does not fire it; the count resumes after the answer', async () => {
  let fired = false;
  const timer = pausableTimer(40, () => (fired = true));
  const slow: Prompter = { confirmHostKey: async () => (await wait(120), true), askSecret: async () => (await wait(120), 'pw') };
  const p = pausingPrompter(slow, timer);
  assert.equal(await p.confirmHostKey({ host: 'h', port: 22, keyType: 'ssh-ed25519', fingerprint: 'SHA256:x' }), true);
  assert.equal(await p.askSecret({ kind: 'password', target: 'h', prompt: 'pw' }), 'pw');
  assert.equal(fired, false, 'not fired while the person was asked');
  await wait(100);
  assert.equal(fired, true, 'fired once the remaining time ran without a question');
});

test('cleared: never fires', async () => {
  let fired = false;
  pausableTimer(20, () => (fired = true)).clear();
  await wait(60);
  assert.equal(fired, false);
});
