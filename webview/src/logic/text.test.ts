import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fill, formatDuration, formatter } from './text';

const durations = { durationSeconds: '{0}s', durationMinutes: '{0}m {1}s', durationHours: '{0}h {1}m' };

test('fill replaces numbered placeholders and leaves unknown ones', () => {
  assert.equal(fill('{1} of {0} ({2})', 'a', 'b'), 'b of a ({2})');
});

test('formatDuration picks the unit by size', () => {
  assert.equal(formatDuration(-5, durations), '0s');
  assert.equal(formatDuration(42_900, durations), '42s');
  assert.equal(formatDuration(185_000, durations), '3m 5s');
  assert.equal(formatDuration(2 * 3600_000 + 10 * 60_000, durations), '2h 10m');
});

test('formatter: millicores, binary sizes and percentages', () => {
  const f = formatter('en');
  assert.equal(f.millicores(249.6), '250m');
  assert.equal(f.bytes(512), '512 B');
  assert.equal(f.bytes(1536), '1.5 KiB');
  assert.equal(f.bytes(300 * 1024 * 1024), '300 MiB');
  assert.equal(f.percent(1, 4), '25%');
  assert.equal(f.percent(1, 0), undefined);
});

test('formatter survives a locale tag Intl does not know', () => {
  assert.equal(formatter('not a locale!').number(1234), '1,234');
});
