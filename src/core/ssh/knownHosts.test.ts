import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkKnownHosts, entryMatches, fingerprintOf, keyTypeOf, knownHostsName, parseKnownHosts } from './knownHosts';
import { blobOf, keyA, keyB } from '../../../test/support/sshKeys';

const keyR = blobOf('ssh-rsa', 'R'.repeat(64));

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

test('fingerprint matches ssh-keygen -lf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ep-fp-'));
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
  const pub = readFileSync(join(dir, 'k.pub'), 'utf8').split(' ');
  const blob = Buffer.from(pub[1] as string, 'base64');
  const lf = spawnSync('ssh-keygen', ['-lf', join(dir, 'k.pub')]).stdout.toString().split(' ')[1];
  assert.equal(fingerprintOf(blob), lf);
  assert.equal(keyTypeOf(blob), 'ssh-ed25519');
  assert.doesNotMatch(fingerprintOf(blob), /=$/);
  assert.equal(fingerprintOf(keyA), `SHA256:${createHash('sha256').update(keyA).digest('base64').replace(/=+$/, '')}`);
});

test('known_hosts name uses [host]:port only off port 22', () => {
  assert.equal(knownHostsName('10.0.0.1', 22), '10.0.0.1');
  assert.equal(knownHostsName('10.0.0.1', 2222), '[10.0.0.1]:2222');
});

test('parses plain, hashed, bracketed entries and markers; skips comments', () => {
  const text = [
    '# comment',
    `dev1,10.0.0.1 ssh-ed25519 ${keyA.toString('base64')} me@x`,
    `${hashed('10.0.0.2')} ssh-ed25519 ${keyB.toString('base64')}`,
    `[10.0.0.3]:2222 ssh-ed25519 ${keyA.toString('base64')}`,
    `@revoked * ssh-rsa ${keyR.toString('base64')}`,
    '@bogus x ssh-rsa AAAA',
    '',
  ].join('\n');
  const e = parseKnownHosts(text, 'kh');
  assert.equal(e.length, 4);
  assert.equal(e[3]?.marker, 'revoked');
  assert.equal(e[1]?.line, 3);
  assert.ok(entryMatches(e[0]!, 'dev1', 22));
  assert.ok(entryMatches(e[0]!, '10.0.0.1', 22));
  assert.ok(!entryMatches(e[0]!, '10.0.0.1', 2222));
  assert.ok(entryMatches(e[1]!, '10.0.0.2', 22));
  assert.ok(!entryMatches(e[1]!, '10.0.0.9', 22));
  assert.ok(entryMatches(e[2]!, '10.0.0.3', 2222));
  assert.ok(!entryMatches(e[2]!, '10.0.0.3', 22));
});

test('wildcards and negation', () => {
  const [e] = parseKnownHosts(`10.0.*,!10.0.0.66 ssh-ed25519 ${keyA.toString('base64')}`);
  assert.ok(entryMatches(e!, '10.0.4.5', 22));
  assert.ok(!entryMatches(e!, '10.0.0.66', 22));
  assert.ok(!entryMatches(e!, '10.1.0.1', 22));
});

test('verdicts: match, changed (same type), unknown (other type), revoked', () => {
  const entries = parseKnownHosts([
    `${hashed('[10.0.0.5]:2200')} ssh-ed25519 ${keyA.toString('base64')}`,
    `@revoked * ssh-rsa ${keyR.toString('base64')}`,
  ].join('\n'), 'kh');
  assert.equal(checkKnownHosts(entries, '10.0.0.5', 2200, keyA).kind, 'match');
  const changed = checkKnownHosts(entries, '10.0.0.5', 2200, keyB);
  assert.equal(changed.kind, 'changed');
  assert.equal(changed.kind === 'changed' && changed.entries[0]?.line, 1);
  assert.equal(checkKnownHosts(entries, '10.0.0.6', 2200, keyB).kind, 'unknown');
  assert.equal(checkKnownHosts(entries, '10.0.0.5', 2200, keyR).kind, 'revoked');
});
