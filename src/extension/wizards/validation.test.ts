import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainL10n as l } from '../tree/l10nTypes';
import { splitSentence, sshHostAliases, validatePort, validateSeedName, validateSshDestination, validateTypedName } from './validation';

test('seed names: required, unique, no slash', () => {
  assert.equal(validateSeedName('lab', [], l), undefined);
  assert.match(validateSeedName('  ', [], l) ?? '', /Give the seed a name/);
  assert.match(validateSeedName('lab', ['lab'], l) ?? '', /exists already/);
  assert.match(validateSeedName('a/b', [], l) ?? '', /cannot contain/);
});

test('ports and destinations', () => {
  assert.equal(validatePort('22', l), undefined);
  assert.ok(validatePort('0', l));
  assert.ok(validatePort('65536', l));
  assert.ok(validatePort('2x', l));
  for (const ok of ['edge-1', 'edge@10.0.0.1', '10.0.0.1:2222', '[fe80::1]:22', 'dev.example.com']) {
    assert.equal(validateSshDestination(ok, l), undefined, ok);
  }
  for (const bad of ['', 'a b', 'user@', 'host:port:1', '@host']) assert.ok(validateSshDestination(bad, l), bad);
});

test('ssh config aliases skip patterns and negations', () => {
  const text = 'Host *\n  User x\nHost edge-1 edge-2\n  HostName 10.0.0.1\nhost bastion !nope dev-?\n';
  assert.deepEqual(sshHostAliases(text), ['bastion', 'edge-1', 'edge-2']);
});

test('typed confirmation must match exactly', () => {
  assert.equal(validateTypedName('edge-a', 'edge-a', l), undefined);
  assert.match(validateTypedName('edge-A', 'edge-a', l) ?? '', /Type "edge-a"/);
});

test('a problem splits into what failed and what to do, not at dots inside addresses', () => {
  assert.deepEqual(splitSentence('edge@10.0.0.9 is unreachable: no route. Check the address.'), [
    'edge@10.0.0.9 is unreachable: no route.',
    'Check the address.',
  ]);
  assert.deepEqual(splitSentence('One sentence only'), ['One sentence only', undefined]);
});
