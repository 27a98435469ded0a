import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledError } from '../errors';
import type { ProgressReport } from '../ports';
import { sleep } from '../sleep';
import { StepRunner } from './steps';

test('step runner: progress per step, records what acted, stops between steps when cancelled', async () => {
  const reports: ProgressReport[] = [];
  const ac = new AbortController();
  const r = new StepRunner('d1', 4, { report: (x) => void reports.push(x) }, undefined, ac.signal);
  await r.run('install', async () => ({ acted: false, detail: 'bundle already installed' }));
  await r.run('configure', async () => ({ acted: true, detail: 'wrote kubelet' }));
  ac.abort();
  let ran = false;
  await assert.rejects(r.run('start', async () => ((ran = true), { acted: true, detail: '' })), CancelledError);
  assert.equal(ran, false);
  assert.deepEqual(r.results.map((x) => [x.step, x.acted]), [['install', false], ['configure', true]]);
  assert.equal(reports.filter((x) => x.increment).reduce((a, x) => a + (x.increment ?? 0), 0), 50);
  assert.match(reports[0]?.message ?? '', /^d1: Installing containerd and kubelet/);
});

test('sleep ends early on abort', async () => {
  const ac = new AbortController();
  const p = sleep(60000, ac.signal);
  ac.abort();
  await assert.rejects(p, CancelledError);
});
