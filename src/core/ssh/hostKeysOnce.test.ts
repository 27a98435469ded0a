// A changed key's message names each old fingerprint and each known_hosts line once, even
// when the same file is listed twice (the setting and the SSH config's UserKnownHostsFile).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import type { StateStore } from '../ports';
import { verifyHostKey } from './hostKeys';
import { fingerprintOf } from './knownHosts';

function blobOf(body: string): Buffer {
  const t = Buffer.from('ssh-ed25519');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(body)]);
}

test('a changed host key is described once, with its remedy', async () => {
  const oldKey = blobOf('A'.repeat(32));
  const newKey = blobOf('B'.repeat(32));
  const file = join(mkdtempSync(join(tmpdir(), 'ep-kh-')), 'known_hosts');
  writeFileSync(file, `10.0.0.7 ssh-ed25519 ${oldKey.toString('base64')}\n`);
  const state: StateStore = { get: () => undefined, update: async () => undefined };
  const policy = { knownHostsFiles: [file, file], state, prompter: { confirmHostKey: async () => true, askSecret: async () => undefined } };
  await assert.rejects(verifyHostKey(policy, '10.0.0.7', 22, newKey), (e: unknown) => {
    assert.ok(e instanceof UserFacingError);
    const text = e.display;
    assert.equal(text.split(fingerprintOf(oldKey)).length - 1, 1, text);
    assert.equal(text.split(`${file}:1`).length - 1, 2, text); // once in "where", once in the remedy
    assert.match(text, /ssh-keygen -R "10\.0\.0\.7"/);
    return true;
  });
});
