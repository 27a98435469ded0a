import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { throttle } from './throttle';

test('a burst of requests runs once after the interval, later bursts run again', (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  let runs = 0;
  const th = throttle(() => runs++, 1000);
  for (let i = 0; i < 50; i++) th.schedule();
  mock.timers.tick(999);
  assert.equal(runs, 0);
  mock.timers.tick(1);
  assert.equal(runs, 1);
  th.schedule();
  mock.timers.tick(1000);
  assert.equal(runs, 2);
});

test('flush runs a pending request at once; dispose drops it', (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  let runs = 0;
  const th = throttle(() => runs++, 1000);
  th.flush();
  assert.equal(runs, 0, 'nothing pending, nothing run');
  th.schedule();
  th.flush();
  assert.equal(runs, 1);
  th.schedule();
  th.dispose();
  mock.timers.tick(5000);
  th.schedule();
  mock.timers.tick(5000);
  assert.equal(runs, 1);
});
