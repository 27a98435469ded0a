import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SecretQuestion, SecretStore } from '../../core/ports';
import { lookupSecret, secretKey } from './secretLookup';

function store(init: Record<string, string> = {}): SecretStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(init));
  return { data, get: async (k) => data.get(k), set: async (k, v) => void data.set(k, v), delete: async (k) => void data.delete(k) };
}

const q: SecretQuestion = { kind: 'sudo', target: 'edge@10.213.0.11', prompt: 'sudo password for edge@10.213.0.11' };

test('a remembered sudo password is used without asking', async () => {
  const secrets = store({ [secretKey(q)]: 'remembered' });
  const asked: SecretQuestion[] = [];
  assert.equal(await lookupSecret(q, { secrets, ask: async (x) => (asked.push(x), 'typed') }), 'remembered');
  assert.equal(asked.length, 0);
});

test('hostile: a rejected remembered sudo password is forgotten and the person is asked instead', async () => {
  const secrets = store({ [secretKey(q)]: 'wrong-remembered' });
  const given = new Map([[secretKey(q), 'wrong-given']]);
  const asked: SecretQuestion[] = [];
  const got = await lookupSecret({ ...q, rejected: true }, { secrets, given, ask: async (x) => (asked.push(x), 'typed-again') });
  assert.equal(got, 'typed-again');
  assert.equal(asked.length, 1, 'the person was asked');
  assert.equal(asked[0]?.rejected, true, 'and told the last one was rejected');
  assert.equal(secrets.data.has(secretKey(q)), false, 'the keychain no longer holds the wrong password');
  assert.equal(given.has(secretKey(q)), false, "the wizard's answer is not offered again");
  // The next question (a later run) no longer finds the wrong one either.
  assert.equal(await lookupSecret(q, { secrets, given, ask: async () => 'asked' }), 'asked');
});
