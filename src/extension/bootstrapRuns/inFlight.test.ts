import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainL10n } from '../tree/l10nTypes';
import { inFlightKey, interruptedMessage, takeInterrupted, trackBootstrap, type InFlight, type MementoLike } from './inFlight';

function memento(): MementoLike & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => void data.set(k, v) };
}

const entry = (id: string, session: string): InFlight => ({ id, what: 'edge@10.0.0.5:22', controlPlaneId: 'lab/edge-a', session, startedAt: 1, kind: 'device' });

test('a finished or failed bootstrap leaves nothing behind', async () => {
  const m = memento();
  await trackBootstrap(m, entry('a', 's1'), async (step) => step('install'));
  await assert.rejects(trackBootstrap(m, entry('b', 's1'), async () => { throw new Error('boom'); }));
  assert.deepEqual(m.data.get(inFlightKey), []);
});

test('a reload mid-bootstrap is found by the next session, with the step it was on, once', async () => {
  const m = memento();
  // The window reloads while the body runs: it never returns.
  void trackBootstrap(m, entry('a', 's1'), async (step) => {
    step('Installing kubelet and containerd');
    return new Promise<never>(() => undefined);
  });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(await takeInterrupted(m, 's1'), [], 'the same window is not interrupted');
  const found = await takeInterrupted(m, 's2');
  assert.equal(found.length, 1);
  assert.equal(
    interruptedMessage(found[0]!, plainL10n),
    'The bootstrap of edge@10.0.0.5:22 into "edge-a" was interrupted by a window reload during "Installing kubelet and containerd". Run Bootstrap Device again for it: it continues where it stopped.',
  );
  assert.deepEqual(await takeInterrupted(m, 's3'), [], 'said once');
});
