import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledError } from './errors';
import type { ProgressReport } from './ports';
import { sleep } from './sleep';
import { runSteps, type Step, type StepEvent } from './steps';

const step = (name: string, title: string, acted: boolean, detail: string, ran?: string[]): Step<unknown> => ({
  name,
  title,
  run: async () => (ran?.push(name), { acted, detail }),
});

test('steps: progress per step, records what acted, stops between steps when cancelled', async () => {
  const reports: ProgressReport[] = [];
  const ac = new AbortController();
  const ran: string[] = [];
  const cancelling: Step<unknown> = { name: 'configure', title: 'Configuring containerd, CNI and kubelet', run: async () => (ran.push('configure'), ac.abort(), { acted: true, detail: 'wrote kubelet' }) };
  const steps = [step('install', 'Installing containerd and kubelet', false, 'bundle already installed', ran), cancelling, step('start', 'Starting', true, '', ran), step('ready', 'Waiting', true, '', ran)];
  await assert.rejects(runSteps(steps, {}, { subject: 'd1', progress: { report: (x) => void reports.push(x) }, signal: ac.signal }), CancelledError);
  assert.deepEqual(ran, ['install', 'configure'], 'no step starts after cancellation');
  assert.equal(reports.filter((x) => x.increment).reduce((a, x) => a + (x.increment ?? 0), 0), 50);
  assert.match(reports[0]?.message ?? '', /^d1: Installing containerd and kubelet/);
});

test('steps: results name each step and whether it acted; weights share the progress; a step may speak under a finer label', async () => {
  const reports: ProgressReport[] = [];
  const events: StepEvent[] = [];
  const logged: string[] = [];
  const steps: Array<Step<{ n: number }>> = [
    { name: 'validate', title: (s) => `Checking ${s.n}`, weight: 1, run: async () => ({ acted: false, detail: 'fine' }) },
    { name: 'apiserver', title: 'Waiting', weight: 3, run: async (_s, ctx) => (ctx.say('etcd is ready.', 'etcd'), { acted: true, detail: 'answers /readyz' }) },
  ];
  const r = await runSteps(steps, { n: 7 }, { progress: { report: (x) => void reports.push(x) }, onStep: (e) => void events.push(e), logger: { log: (_l, m) => void logged.push(m) } });
  assert.deepEqual(r, [{ step: 'validate', acted: false, detail: 'fine' }, { step: 'apiserver', acted: true, detail: 'answers /readyz' }]);
  assert.deepEqual(reports.map((x) => x.increment ?? 0), [0, 25, 0, 0, 75]);
  assert.deepEqual(events.map((e) => [e.step, e.message]), [['validate', 'Checking 7…'], ['validate', 'fine'], ['apiserver', 'Waiting…'], ['etcd', 'etcd is ready.'], ['apiserver', 'answers /readyz']]);
  assert.deepEqual(logged, ['validate: nothing to do: fine', 'etcd is ready.', 'apiserver: done: answers /readyz']);
});

test('sleep ends early on abort', async () => {
  const ac = new AbortController();
  const p = sleep(60000, ac.signal);
  ac.abort();
  await assert.rejects(p, CancelledError);
});
