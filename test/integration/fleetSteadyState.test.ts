// In the steady state the fleet model makes no list requests: counted at a
// proxy in front of the apiserver over a minute, with 1,000 KWOK nodes
// in a scratch apiserver that plays seed and edge cluster (its own, so the
// count holds only the model's requests), kept alive by KWOK as `lab sim` does.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { FleetModel } from '../../src/core/fleet/fleetModel';
import { labels } from '../../src/core/seeds';
import { ensureScratchApiserver, scratchRunning, stopScratchApiserver } from '../../bench/fleet/scratchApiserver';
import { startCountingProxy } from '../support/countingProxy';
import { createSimNodes, deleteSimNodes, startKwok, stopKwok } from '../../bench/fleet/simNodes';
import { deleteNamespace, ensureNamespace, kubeConfigFile, testLogger, waitForModel } from './fleetSupport';

/** Request counts with node names folded, so a thousand summary gets are one line. */
const byKind = (counts: Map<string, number>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [k, n] of counts) {
    const key = k.replace(/\/nodes\/[^/]+\/proxy\//, '/nodes/*/proxy/');
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
};

const count = Number(process.env.FLEET_SIM_NODES ?? 1000);
const observeMs = 60_000;
let startedScratch = false;
let cleanup: (() => Promise<void>) | undefined;
after(async () => {
  await cleanup?.().catch((err: unknown) => console.error(String(err)));
  await stopKwok();
  if (startedScratch) await stopScratchApiserver();
});

test(`no list requests in the steady state with ${count} simulated nodes`, { timeout: 900_000 }, async (t) => {
  startedScratch = !scratchRunning();
  const file = await ensureScratchApiserver();
  const kc = kubeConfigFile(file);
  cleanup = async () => void (await deleteSimNodes(kc, 'fleet-sim'));
  await createSimNodes(kc, count, 'fleet-sim');
  startKwok(file);
  const proxy = await startCountingProxy(kc);
  t.after(() => proxy.close());
  const cp = 'fleet-steady';
  await ensureNamespace(kc, `edgeplane-${cp}`, { [labels.controlPlane]: cp });
  t.after(() => deleteNamespace(kc, `edgeplane-${cp}`));
  const model = new FleetModel({
    logger: testLogger(), seedKubeConfig: () => proxy.kubeconfig(), adminKubeConfig: async () => proxy.kubeconfig(),
  });
  t.after(() => model.disposeAsync());
  model.setSeeds([{ name: 'scratch', context: 'proxy' }]);
  const cpId = `scratch/${cp}`;
  const simReady = (): number => model.nodes(cpId).filter((n) => n.name.startsWith('fleet-sim-') && n.state === 'Ready').length;
  await waitForModel(model, `${count} Ready simulated nodes in the model`, 180_000, () => simReady() >= count);
  const listsAtSync = proxy.byVerb('list');

  // Steady state: count every request for a minute (an observation window, not a timing assertion).
  proxy.reset();
  await new Promise((r) => setTimeout(r, observeMs));
  const counts = proxy.counts();
  const lists = [...proxy.byVerb('list')];
  const watches = [...proxy.byVerb('watch')].reduce((n, [, c]) => n + c, 0);
  const gets = [...proxy.byVerb('get')];
  const summaryGets = gets.filter(([k]) => k.includes('/proxy/stats/summary')).reduce((n, [, c]) => n + c, 0);
  const livez = gets.filter(([k]) => k.endsWith('/livez')).reduce((n, [, c]) => n + c, 0);
  const report = {
    nodes: count, observeSeconds: observeMs / 1000,
    listsDuringInitialSync: Object.fromEntries(listsAtSync),
    steadyState: { lists: Object.fromEntries(lists), watchRequests: watches, livezProbes: livez, kubeletSummaryGets: summaryGets, byKind: byKind(counts) },
  };
  console.log(`fleet steady state: ${JSON.stringify(report, null, 1)}`);
  // Usage sampling may list NodeMetrics (metrics.k8s.io): not a list of nodes. Nothing else may list.
  const forbidden = lists.filter(([k]) => !k.includes('/apis/metrics.k8s.io/'));
  assert.deepEqual(forbidden, [], 'list requests in the steady state');
  assert.ok(livez > 0, 'the /livez probe ran');
  assert.equal(simReady(), count, 'every simulated node is still Ready');
  // Lease renewals are not node events, so the nodes stay Ready through heartbeats alone.
  const heartbeats = model.nodes(cpId).filter((n) => n.name.startsWith('fleet-sim-') && n.lastHeartbeat !== undefined).length;
  assert.equal(heartbeats, count, 'every simulated node has a heartbeat from its Lease');
});
