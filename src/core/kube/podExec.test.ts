import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitCodeOf } from './podExec';

test('exec status: Success is 0, a non-zero exit is read from its cause, anything else is an error', () => {
  assert.equal(exitCodeOf({ status: 'Success' }), 0);
  assert.equal(exitCodeOf({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } }), 3);
  assert.throws(() => exitCodeOf({ status: 'Failure', message: 'container not found ("x")' }), /container not found/);
});
