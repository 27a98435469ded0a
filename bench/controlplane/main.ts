// bench/controlplane: time from create to a ready apiserver (through the
// exposed address) and the control plane's resident memory, on the lab seed.
//   node --import tsx bench/controlplane/run.ts [--runs 3] [--variants standard,compact,baseline] [--settle 30]
// Must run on the seed host: memory is read from /proc of the pods' processes.
import { randomBytes } from 'node:crypto';
import { CoreV1Api } from '@kubernetes/client-node';
import { seedContext, seedKubeconfig } from '../../lab/config';
import { createControlPlane } from '../../src/core/controlplane/create';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { defaultTuning, tuningFor, type Tuning } from '../../src/core/controlplane/manifests/render';
import type { Layout } from '../../src/core/controlplane/types';
import { loadKubeConfig } from '../../src/core/kube/kubeconfig';
import type { SeedConfig } from '../../src/core/seeds';
import { markdownTable, writeReport } from '../report';
import { byCommand, podProcesses, sumMiB } from './memory';

interface Variant {
  layout: Layout;
  tuning: Tuning;
}

const variants: Record<string, Variant> = {
  // What create does by default for a small control plane: three upstream containers, tuned for a handful of nodes.
  standard: { layout: 'standard', tuning: tuningFor('small') },
  // The same tuning, the three components in one process (kube-controlplane).
  compact: { layout: 'compact', tuning: tuningFor('small') },
  // The components' own defaults: no Go runtime tuning, no extra flags.
  baseline: { layout: 'standard', tuning: { apiserverFlags: [], etcdFlags: [] } },
  // What medium and large run with (GOGC 50, watch cache and priority and fairness on).
  'compact-medium-tuning': { layout: 'compact', tuning: defaultTuning },
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round1 = (x: number): number => Math.round(x * 10) / 10;

interface Run {
  variant: string;
  name: string;
  readySeconds: number;
  createSeconds: number;
  memoryMiB: number;
  byProcess: Record<string, number>;
}

async function one(seed: SeedConfig, variant: string, settleS: number): Promise<Run> {
  const name = `bench-${variant}-${randomBytes(2).toString('hex')}`;
  const t0 = performance.now();
  let readyAt = 0;
  try {
    await createControlPlane(seed, { name, layout: variants[variant]!.layout }, {
      tuning: variants[variant]!.tuning,
      onStep: (e) => {
        if (e.step === 'apiserver' && /answers \/readyz/.test(e.message)) readyAt = performance.now();
      },
    });
    const createSeconds = (performance.now() - t0) / 1000;
    // Memory after a settling period, as a running control plane sits.
    await new Promise((r) => setTimeout(r, settleS * 1000));
    const core = loadKubeConfig(seed.context, seed.kubeconfig).makeApiClient(CoreV1Api);
    const pods = (await core.listNamespacedPod({ namespace: `edgeplane-${name}` })).items;
    const procs = podProcesses(pods.map((p) => p.metadata!.uid!));
    return { variant, name, readySeconds: round1((readyAt - t0) / 1000), createSeconds: round1(createSeconds), memoryMiB: round1(sumMiB(procs)), byProcess: byCommand(procs) };
  } finally {
    await deleteControlPlane(seed, name).catch((e: unknown) => console.error(`cleanup of ${name} failed: ${String(e)}`));
  }
}

export async function main(): Promise<void> {
  const seed: SeedConfig = { name: 'lab', context: seedContext, kubeconfig: seedKubeconfig };
  const runs = Number(arg('runs', '3'));
  const settle = Number(arg('settle', '30'));
  const chosen = arg('variants', 'standard,compact').split(',');
  for (const v of chosen) if (!variants[v]) throw new Error(`unknown variant ${v}; known: ${Object.keys(variants).join(', ')}`);
  const results: Run[] = [];
  for (const v of chosen) {
    for (let i = 0; i < runs; i++) {
      const r = await one(seed, v, settle);
      console.error(`${v} #${i + 1}: ready ${r.readySeconds} s, ${r.memoryMiB} MiB ${JSON.stringify(r.byProcess)}`);
      results.push(r);
    }
  }
  const summary = chosen.map((v) => {
    const rs = results.filter((r) => r.variant === v);
    return { variant: v, runs: rs.length, readySecondsMedian: round1(median(rs.map((r) => r.readySeconds))), memoryMiBMedian: round1(median(rs.map((r) => r.memoryMiB))), byProcessLast: rs.at(-1)?.byProcess };
  });
  const met = (s: (typeof summary)[number]): string => (s.readySecondsMedian < 16 && s.memoryMiBMedian < 256 ? 'met' : 'missed');
  const md = markdownTable(['variant', 'runs', 'ready (median)', 'memory (median)', 'goal', ''], [
    ...summary.map((s) => [s.variant, s.runs, `${s.readySecondsMedian} s`, `${s.memoryMiBMedian} MiB`, '< 16 s, < 256 MiB', met(s)]),
    ['Kamaji (anchor)', '', '16 s', '', '', ''],
    ['k0smotron (anchor)', '', '', '210-560 MiB', '', ''],
    ['Kubermatic (anchor, requests)', '', '', '~1.46 GiB', '', ''],
  ]);
  writeReport('controlplane', { settleSeconds: settle, results, summary }, md);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
