import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError, describeError } from './errors';
import { redact, redactUrl, registerSecret } from './redact';

test('a short secret is registered too, and scrubbed where it stands alone', () => {
  registerSecret('q7z');
  assert.equal(redact('sudo password q7z was refused'), 'sudo password *** was refused');
  // Inside another word it is left alone, so ordinary text stays readable.
  assert.equal(redact('the q7zip tool'), 'the q7zip tool');
});

test('a longer secret containing a shorter one is scrubbed whole', () => {
  registerSecret('pw');
  registerSecret('pw-long-secret');
  assert.equal(redact('got pw-long-secret'), 'got ***');
});

test('errors shown to a person are scrubbed of known secrets and URL credentials', () => {
  registerSecret('hunter22');
  const err = new UserFacingError('x', 'Login with hunter22 to https://bob:pa55@mirror/b.tgz failed.', 'Try again.');
  assert.equal(describeError(err), 'Login with *** to https://***@mirror/b.tgz failed. Try again.');
  assert.equal(describeError(new Error('token: abcdef')), 'token: ***');
});

test('URLs in logs lose their userinfo, query and fragment', () => {
  assert.equal(redactUrl('https://user:pass@mirror.example:8443/edge/bundle.tgz?X-Amz-Signature=abc#f'), 'https://***@mirror.example:8443/edge/bundle.tgz?***#***');
  assert.equal(redactUrl('https://mirror.example/bundle.tgz'), 'https://mirror.example/bundle.tgz');
  assert.equal(redactUrl('not a url'), '(an unparsable URL)');
});
