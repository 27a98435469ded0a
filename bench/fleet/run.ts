// bench/fleet: memory of the fleet model and time from a Node change to its
// event, with 100, 1,000 and 10,000 simulated nodes in a scratch apiserver.
//   node --expose-gc --import tsx bench/fleet/run.ts [--sizes 100,1000,10000] [--changes 30]
// (re-runs itself with --expose-gc when started without it). Prints JSON and a
// markdown table (also kept in .artifacts/bench/fleet/).
import { spawnSync } from 'node:child_process';
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { FleetModel } from '../../src/core/fleet/fleetModel';
import { labels } from '../../src/core/seeds';
import { silentLogger } from '../../src/core/ports';
import { ensureScratchApiserver, scratchRunning, stopScratchApiserver } from './scratchApiserver';
import { createSimNodes, deleteSimNodes } from './simNodes';
import { kubeConfigFile, waitForModel } from '../../test/integration/fleetSupport';
import { writeReport } from '../report';

const goals = { heapMb: 50, eventMs: 1000, atNodes: 10_000 };
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};

interface Row {
  nodes: number;
  initialSyncMs: number;
  heapDeltaMb: number;
  rssDeltaMb: number;
  /** heap left after dispose, against the same baseline: a leak shows here */
  heapAfterDisposeMb: number;
  eventMs: { median: number; p95: number; max: number; samples: number };
}

const gc = (): void => {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
};
const mb = (b: number): number => Math.round((b / 2 ** 20) * 10) / 10;
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

async function measure(kc: KubeConfig, n: number, changes: number): Promise<Row> {
  const cp = 'fleet-bench';
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const model = new FleetModel({
    logger: silentLogger, seedKubeConfig: () => kc, adminKubeConfig: async () => kc,
    // Usage sampling of simulated nodes only measures failing proxy calls: keep it out of the figures.
    usageIntervalMs: 3_600_000,
  });
  const t0 = performance.now();
  model.setSeeds([{ name: 'bench', context: 'scratch' }]);
  const cpId = `bench/${cp}`;
  await waitForModel(model, `${n} nodes in the model`, 600_000, () => model.edge(cpId)?.nodesSynced && model.nodes(cpId).length >= n);
  const initialSyncMs = Math.round(performance.now() - t0);
  gc();
  const heapDeltaMb = mb(process.memoryUsage().heapUsed - heap0);
  const rssDeltaMb = mb(process.memoryUsage().rss - rss0);

  // Node change -> model event: a label patch on a random node, timed from just before the request.
  const core = kc.makeApiClient(CoreV1Api);
  const times: number[] = [];
  for (let k = 0; k < changes; k++) {
    const name = `bench-${Math.floor(Math.random() * n)}`;
    const nodeId = `${cpId}/${name}`;
    const value = `v${k}-${Date.now()}`;
    const seen = waitForModel(model, `event for ${name}`, 30_000, (e) => e?.kind === 'node' && e.nodeId === nodeId && model.node(nodeId)?.labels['bench-change'] === value);
    const start = performance.now();
    await core.patchNode({ name, body: { metadata: { labels: { 'bench-change': value } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await seen;
    times.push(performance.now() - start);
  }
  await model.disposeAsync();
  gc();
  const heapAfterDisposeMb = mb(process.memoryUsage().heapUsed - heap0);
  return { nodes: n, initialSyncMs, heapDeltaMb, rssDeltaMb, heapAfterDisposeMb, eventMs: { median: pct(times, 50), p95: pct(times, 95), max: pct(times, 100), samples: times.length } };
}

function table(rows: Row[]): string {
  const lines = [
    '| nodes | model heap (MB, after GC) | heap left after dispose (MB) | RSS delta (MB) | initial sync (ms) | Node change -> event median / p95 / max (ms) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.nodes} | ${r.heapDeltaMb} | ${r.heapAfterDisposeMb} | ${r.rssDeltaMb} | ${r.initialSyncMs} | ${r.eventMs.median} / ${r.eventMs.p95} / ${r.eventMs.max} |`),
  ];
  const at = rows.find((r) => r.nodes === goals.atNodes);
  const verdict = at
    ? `Goals at ${goals.atNodes} nodes: heap < ${goals.heapMb} MB: ${at.heapDeltaMb < goals.heapMb ? 'met' : 'NOT met'} (${at.heapDeltaMb} MB); event < ${goals.eventMs} ms: ${at.eventMs.p95 < goals.eventMs ? 'met' : 'NOT met'} (p95 ${at.eventMs.p95} ms).`
    : `Goals (at ${goals.atNodes} nodes): heap < ${goals.heapMb} MB, event < ${goals.eventMs} ms; not measured at that size in this run.`;
  return `${lines.join('\n')}\n\n${verdict}\n`;
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', ...process.argv.slice(1)], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const sizes = arg('--sizes', '100,1000,10000').split(',').map(Number).sort((a, b) => a - b);
  const changes = Number(arg('--changes', '30'));
  const started = !scratchRunning();
  const kc = kubeConfigFile(await ensureScratchApiserver(console.log));
  const core = kc.makeApiClient(CoreV1Api);
  try {
    await core.createNamespace({ body: { metadata: { name: 'edgeplane-fleet-bench', labels: { [labels.controlPlane]: 'fleet-bench' } } } }).catch(() => undefined);
    // Warm-up: load every module and JIT the paths once, so the first row measures the model, not the runtime.
    await measure(kc, 0, 0).catch(() => undefined);
    const rows: Row[] = [];
    let have = 0;
    for (const n of sizes) {
      const t = performance.now();
      await createSimNodes(kc, n, 'bench', 32, have);
      have = n;
      console.log(`created ${n} simulated nodes (${Math.round(performance.now() - t)} ms)`);
      const row = await measure(kc, n, changes);
      console.log(JSON.stringify(row));
      rows.push(row);
    }
    writeReport('fleet', { goals, rows }, table(rows));
  } finally {
    await deleteSimNodes(kc, 'bench').catch(() => undefined);
    if (started) await stopScratchApiserver();
  }
}

void main();
