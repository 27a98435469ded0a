import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainL10n } from '../tree/l10nTypes';
import { inventorySummaryMarkdown, summaryFileName } from './inventorySummary';

test('failures come first, with their message; pipes in messages do not break the table', () => {
  const md = inventorySummaryMarkdown(
    '/inv.yaml',
    'edge-a',
    {
      succeeded: 2,
      failed: 1,
      outcomes: [
        { name: 'b', ok: true, nodeName: 'b', acted: ['install', 'start'], durationMs: 41_000 },
        { name: 'c', ok: true, nodeName: 'c', acted: [], durationMs: 2_000 },
        { name: 'a', ok: false, acted: [], error: 'a: cannot reach 10.0.0.9:22 | timed out.', durationMs: 5_000 },
      ],
    },
    plainL10n,
  );
  const rows = md.split('\n').filter((l) => /^\| [abc] \|/.test(l));
  assert.deepEqual(rows.map((r) => r.slice(2, 3)), ['a', 'b', 'c']);
  assert.match(rows[0] ?? '', /failed \| 5\.0 s \| a: cannot reach 10\.0\.0\.9:22 \\\| timed out\. \|$/);
  assert.match(rows[1] ?? '', /changed: install, start/);
  assert.match(rows[2] ?? '', /already joined, nothing changed/);
  assert.match(md, /2 joined, 1 failed\./);
});

test('one summary file per control plane, a safe file name', () => {
  assert.equal(summaryFileName('lab/edge-a'), 'inventory-lab_edge-a.md');
  assert.equal(summaryFileName('my seed/../x'), 'inventory-my_seed_.._x.md');
  assert.notEqual(summaryFileName('lab/a'), summaryFileName('lab/b'));
});
