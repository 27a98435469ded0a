import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import { factsScript } from './preflight';
import { isDnsName, parseApiAddress } from './apiAddress';

test('apiserver address: IPv4, IPv6 and DNS names pass, with the default port 443', () => {
  assert.deepEqual(parseApiAddress('https://10.213.0.1:31788'), { host: '10.213.0.1', port: 31788, kind: 'ipv4' });
  assert.deepEqual(parseApiAddress('https://[fd00::1]:6443'), { host: 'fd00::1', port: 6443, kind: 'ipv6' });
  assert.deepEqual(parseApiAddress('https://lb-1.example.com'), { host: 'lb-1.example.com', port: 443, kind: 'dns' });
  assert.equal(isDnsName('a'.repeat(64)), false);
  assert.equal(isDnsName('-bad.example'), false);
});

// Hostile apiserver addresses, as a seed's Service or a setting could carry them.
export const hostileApiAddresses = [
  'https://$(touch /tmp/pwned):443',
  'https://a;reboot:443',
  'https://`id`.example.com',
  'http://10.213.0.1:6443',
  'https://user:secret@10.213.0.1:6443',
  'https://10.213.0.1:6443/path',
  'https://10.213.0.1:6443/?q=1',
  'https://[::zz]:6443',
  'https://a b:443',
  'not a url',
];

test('hostile apiserver addresses are refused before any script is built', () => {
  for (const url of hostileApiAddresses) {
    assert.throws(() => parseApiAddress(url), (e: unknown) => e instanceof UserFacingError && e.code === 'bootstrap-bad-apiserver-address', url);
  }
});

test('the facts script quotes the host and resolves DNS names on the device', () => {
  const dns = factsScript(parseApiAddress('https://lb-1.example.com:443'));
  assert.match(dns, /apihost='lb-1\.example\.com'/);
  assert.match(dns, /getent ahosts "\$apihost"/);
  const v6 = factsScript(parseApiAddress('https://[fd00::1]:6443'));
  assert.match(v6, /apihost='fd00::1'/);
  assert.match(v6, /\/dev\/tcp\/\$1\/6443/);
  assert.doesNotMatch(v6, /getent/);
});
