import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preferredHostKeyAlgorithms, serverHostKeyAlgorithms } from './hostKeyAlgorithms';

test('a host seen for the first time is offered every algorithm', () => {
  assert.equal(serverHostKeyAlgorithms([]), undefined);
});

test('a host known by ed25519 is offered ed25519 only; an rsa key covers the three rsa algorithms', () => {
  assert.deepEqual(serverHostKeyAlgorithms(['ssh-ed25519']), ['ssh-ed25519']);
  assert.deepEqual(serverHostKeyAlgorithms(['ssh-rsa', 'ecdsa-sha2-nistp256']), ['ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
});

test('a host known only by a type ssh2 cannot verify gets an empty list (connect refuses it)', () => {
  assert.deepEqual(serverHostKeyAlgorithms(['ssh-dss']), []);
});

test('a probe prefers the known types and still offers the rest', () => {
  const p = preferredHostKeyAlgorithms(['ssh-rsa']);
  assert.deepEqual(p.slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  assert.ok(p.includes('ssh-ed25519'));
});
