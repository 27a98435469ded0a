import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportNames } from './exportCredentials';

test('each export is named after its person, machine and day, with a group and binding of its own', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  const a = exportNames({ user: 'alice', host: 'laptop.local' }, now, 'a1b2c3');
  assert.deepEqual(a, {
    subject: 'edgeplane:export:alice@laptop.local:2026-12-03',
    group: 'edgeplane:export:alice@laptop.local:2026-12-03:a1b2c3',
    binding: 'edgeplane-export-alice-laptop-local-2026-12-03-a1b2c3',
  });
  // Two exports of the same person that day can be withdrawn one at a time.
  const b = exportNames({ user: 'alice', host: 'laptop.local' }, now, 'ffeedd');
  assert.notEqual(a.group, b.group);
  assert.notEqual(a.binding, b.binding);
});

test('odd user and host names cannot break the names', () => {
  const n = exportNames({ user: 'Bob Smith;rm', host: 'HOST/../x' }, new Date('2026-01-02T00:00:00Z'), 'abcdef');
  assert.equal(n.subject, 'edgeplane:export:Bob-Smith-rm@HOST-..-x:2026-01-02');
  assert.match(n.binding, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
});
