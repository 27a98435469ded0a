// bench/day2: Renew Certificates on a lab control plane (both layouts): how long the
// renewal takes, and the longest window during which requests to its apiserver (through
// the exposed address, with an exported-style admin kubeconfig) failed while it rolled.
//   npm run bench -- day2 [--layouts compact,standard] [--interval-ms 200]
// Goal (issue 18): the longest failing window < 10 s.
import { randomBytes } from 'node:crypto';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { labSeed } from '../bootstrap/labFixture';
import { getAdminKubeConfig } from '../../src/core/controlplane/access';
import { createControlPlane } from '../../src/core/controlplane/create';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { renewControlPlaneCertificates } from '../../src/core/controlplane/repair';
import type { Layout } from '../../src/core/controlplane/types';
import { markdownTable, writeReport } from '../report';

const goalSeconds = 10;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

interface Probe {
  stop(): Promise<{ requests: number; failures: number; longestFailingSeconds: number }>;
}

/** Lists namespaces every `intervalMs` until stopped; records the longest run of failures. */
function probe(kc: KubeConfig, intervalMs: number): Probe {
  const api = kc.makeApiClient(CoreV1Api);
  let running = true;
  let requests = 0;
  let failures = 0;
  let failingSince: number | undefined;
  let longest = 0;
  const loop = (async () => {
    while (running) {
      const t = Date.now();
      requests++;
      try {
        await Promise.race([api.listNamespace({ limit: 1 }), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 5000))]);
        if (failingSince !== undefined) longest = Math.max(longest, Date.now() - failingSince);
        failingSince = undefined;
      } catch {
        failures++;
        failingSince ??= t;
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      if (failingSince !== undefined) longest = Math.max(longest, Date.now() - failingSince);
      return { requests, failures, longestFailingSeconds: Math.round(longest / 100) / 10 };
    },
  };
}

async function main(): Promise<void> {
  const layouts = arg('layouts', 'compact,standard').split(',') as Layout[];
  const intervalMs = Number(arg('interval-ms', '200'));
  const results: Array<{ layout: Layout; renewSeconds: number; requests: number; failures: number; longestFailingSeconds: number }> = [];
  for (const layout of layouts) {
    const name = `d2${layout[0]}${randomBytes(2).toString('hex')}`;
    try {
      console.log(`creating ${name} (${layout})...`);
      await createControlPlane(labSeed, { name, layout });
      const admin = await getAdminKubeConfig(labSeed, name);
      const p = probe(admin, intervalMs);
      await new Promise((r) => setTimeout(r, 3000));
      const t0 = Date.now();
      await renewControlPlaneCertificates(labSeed, name);
      const renewSeconds = Math.round((Date.now() - t0) / 100) / 10;
      // The old pod goes after the new one is ready: keep probing until the roll is surely over.
      await new Promise((r) => setTimeout(r, 20_000));
      results.push({ layout, renewSeconds, ...(await p.stop()) });
    } finally {
      await deleteControlPlane(labSeed, name).catch(() => undefined);
    }
  }
  const worst = Math.max(...results.map((r) => r.longestFailingSeconds));
  const markdown = markdownTable(
    ['layout', 'renew (s)', 'requests', 'failed', 'longest failing window (s)', `goal < ${goalSeconds} s`],
    results.map((r) => [r.layout, r.renewSeconds, r.requests, r.failures, r.longestFailingSeconds, r.longestFailingSeconds < goalSeconds ? 'met' : 'MISSED']),
  );
  writeReport('day2', { intervalMs, goalSeconds, results, goalMet: worst < goalSeconds }, markdown);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
