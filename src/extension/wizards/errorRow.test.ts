import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorRowFor } from './errorRow';

const changed =
  'The host key of 10.213.0.14 has CHANGED: it was SHA256:abc (known_hosts /root/.ssh/known_hosts:4) and is now SHA256:def. ' +
  'Edgeplane refused to connect before running anything: someone may be intercepting the connection. ' +
  'If the device was reinstalled, remove the old entry with `ssh-keygen -R "10.213.0.14"` (or delete /root/.ssh/known_hosts:4), then connect again; otherwise check the network path to the device.';

test('a long problem: what failed in the placeholder, why on the row, the remedy below it, and a pointer to the whole text', () => {
  const row = errorRowFor(changed);
  assert.match(row.placeholder, /^The host key of 10\.213\.0\.14 has CHANGED: it was SHA256:abc .* is now SHA256:def\.$/);
  assert.equal(row.label, '$(error) Edgeplane refused to connect before running anything: someone may be intercepting the connection.');
  assert.match(row.detail ?? '', /^If the device was reinstalled, remove the old entry with `ssh-keygen -R "10\.213\.0\.14"`/);
  assert.match(row.detail ?? '', /Enter on this row shows the whole message/);
  // Each thing once over placeholder, label and detail.
  const shown = `${row.placeholder} ${row.label} ${row.detail}`;
  for (const part of ['SHA256:abc', 'ssh-keygen', 'refused to connect']) assert.equal(shown.split(part).length - 1, 1, part);
});

test('short problems need no pointer', () => {
  assert.deepEqual(errorRowFor('Connection refused. Check that sshd runs.'), { placeholder: 'Connection refused.', label: '$(error) Check that sshd runs.', detail: undefined });
  assert.deepEqual(errorRowFor('No key file chosen.'), { placeholder: 'No key file chosen.', label: '$(error) No key file chosen.' });
});
