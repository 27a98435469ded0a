import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import type { HostKeyQuestion, Prompter, StateStore } from '../ports';
import { pinnedHostNames, pinnedKeysFor, unpinHostKey, verifyHostKey } from './hostKeys';
import { fingerprintOf } from './knownHosts';
import { blobOf, keyA, keyB } from '../../../test/support/sshKeys';


function memoryState(): StateStore {
  const m = new Map<string, unknown>();
  return { get: <T>(k: string) => m.get(k) as T | undefined, update: async (k, v) => void m.set(k, v) };
}

function prompter(answer: boolean, asked: HostKeyQuestion[]): Prompter {
  return { confirmHostKey: async (q) => (asked.push(q), answer), askSecret: async () => undefined };
}

test('unknown key: asks with the SHA256 fingerprint, pins on yes, then trusts without asking', async () => {
  const state = memoryState();
  const asked: HostKeyQuestion[] = [];
  const policy = { knownHostsFiles: ['/nonexistent'], state, prompter: prompter(true, asked) };
  await verifyHostKey(policy, '10.0.0.1', 2222, keyA);
  assert.equal(asked.length, 1);
  assert.deepEqual(asked[0], { host: '10.0.0.1', port: 2222, keyType: 'ssh-ed25519', fingerprint: fingerprintOf(keyA) });
  assert.equal(pinnedKeysFor(state, '10.0.0.1', 2222).length, 1);
  await verifyHostKey(policy, '10.0.0.1', 2222, keyA);
  assert.equal(asked.length, 1);
});

test('unknown key declined: refused, nothing pinned', async () => {
  const state = memoryState();
  await assert.rejects(verifyHostKey({ knownHostsFiles: [], state, prompter: prompter(false, []) }, 'h', 22, keyA), (e: unknown) => e instanceof UserFacingError && e.code === 'ssh-host-key-rejected');
  assert.equal(pinnedKeysFor(state, 'h', 22).length, 0);
});

test('changed pinned key: refused naming old and new fingerprints, no prompt', async () => {
  const state = memoryState();
  const asked: HostKeyQuestion[] = [];
  const policy = { knownHostsFiles: [], state, prompter: prompter(true, asked) };
  await verifyHostKey(policy, 'h', 22, keyA);
  await assert.rejects(verifyHostKey(policy, 'h', 22, keyB), (e: unknown) => {
    assert.ok(e instanceof UserFacingError);
    assert.equal(e.code, 'ssh-host-key-changed');
    assert.ok(e.message.includes(fingerprintOf(keyA)) && e.message.includes(fingerprintOf(keyB)));
    assert.match(e.hint, /reinstalled/);
    return true;
  });
  assert.equal(asked.length, 1);
});

test('changed key in known_hosts: refused, names the file line and ssh-keygen -R', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ep-kh-'));
  const kh = join(dir, 'known_hosts');
  writeFileSync(kh, `# x\n[h]:2222 ssh-ed25519 ${keyA.toString('base64')}\n`);
  const policy = { knownHostsFiles: [kh], state: memoryState(), prompter: prompter(true, []) };
  await verifyHostKey(policy, 'h', 2222, keyA);
  await assert.rejects(verifyHostKey(policy, 'h', 2222, keyB), (e: unknown) => e instanceof UserFacingError && e.message.includes(`${kh}:2`) && e.hint.includes('ssh-keygen -R "[h]:2222"'));
});

const keyRsa = blobOf('ssh-rsa', 'R'.repeat(64));

test('hostile: a host pinned as ed25519 that presents an rsa key is refused as changed, never asked', async () => {
  const state = memoryState();
  const asked: HostKeyQuestion[] = [];
  const policy = { knownHostsFiles: [], state, prompter: prompter(true, asked) };
  await verifyHostKey(policy, 'h', 22, keyA);
  await assert.rejects(verifyHostKey(policy, 'h', 22, keyRsa), (e: unknown) => {
    assert.ok(e instanceof UserFacingError);
    assert.equal(e.code, 'ssh-host-key-changed');
    assert.match(e.message, /CHANGED type/);
    assert.ok(e.message.includes(fingerprintOf(keyA)) && e.message.includes(fingerprintOf(keyRsa)));
    assert.match(e.hint, /Forget Host Key/);
    return true;
  });
  assert.equal(asked.length, 1, 'only the first, unknown key was asked about');
  assert.deepEqual(pinnedKeysFor(state, 'h', 22).map((k) => k.keyType), ['ssh-ed25519'], 'the rsa key was not pinned');
});

test('hostile: a host in known_hosts as ed25519 that presents rsa is refused, naming the known_hosts line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ep-kh-'));
  const kh = join(dir, 'known_hosts');
  writeFileSync(kh, `h ssh-ed25519 ${keyA.toString('base64')}\n`);
  const asked: HostKeyQuestion[] = [];
  await assert.rejects(verifyHostKey({ knownHostsFiles: [kh], state: memoryState(), prompter: prompter(true, asked) }, 'h', 22, keyRsa), (e: unknown) => e instanceof UserFacingError && e.code === 'ssh-host-key-changed' && e.message.includes(`${kh}:1`) && e.hint.includes('ssh-keygen -R "h"'));
  assert.equal(asked.length, 0);
});

test('forgetting a pin removes only that host and reports what it removed', async () => {
  const state = memoryState();
  const policy = { knownHostsFiles: [], state, prompter: prompter(true, []) };
  await verifyHostKey(policy, 'h', 22, keyA);
  await verifyHostKey(policy, 'other', 2222, keyB);
  assert.deepEqual(pinnedHostNames(state), ['[other]:2222', 'h']);
  const removed = await unpinHostKey(state, 'h', 22);
  assert.deepEqual(removed.map((k) => k.key), [keyA.toString('base64')]);
  assert.deepEqual(pinnedHostNames(state), ['[other]:2222']);
  // After forgetting, the host is unknown again: a key of any type is asked about.
  const asked: HostKeyQuestion[] = [];
  await verifyHostKey({ ...policy, prompter: prompter(true, asked) }, 'h', 22, keyRsa);
  assert.equal(asked.length, 1);
});
