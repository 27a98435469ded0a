// bench/activation: how long Edgeplane's activation takes in the real VS Code
// extension host, and how much it weighs. Each run starts a fresh code-server
// (fresh extension host, fresh user data), opens the Edgeplane view (its
// activation event), then reads the time VS Code recorded for the activation.
// Prints figures; it does not pass or fail on them.
//
//   npm run bench -- activation [--runs 5]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot, startWorkbench } from '../../test/e2e/harness/index';
import { recordedActivation, type RecordedActivation } from './runningExtensions';
import { measureSizes } from './sizes';

const goals = { activationMs: 50, vsixBytes: 2 * 1024 * 1024 };

interface Run extends RecordedActivation {
  run: number;
  /** Edgeplane's files loaded in the extension host right after activation. */
  loadedBundles: string[];
  /** The machine's 1-minute load average when the run ended: wall-clock figures grow with it. */
  loadAverage: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} wants a positive whole number`);
  return v;
}

async function oneRun(run: number, artifacts: string): Promise<Run> {
  const wb = await startWorkbench({ name: `bench-activation-${run}`, artifactsDir: join(artifacts, `run-${run}`) });
  try {
    await wb.welcome();
    // Ask the host what is loaded before anything but activation has run.
    const probe = await wb.probeCommands();
    const recorded = await recordedActivation(wb, 'edgeplane');
    await wb.screenshot('running-extensions');
    return { run, ...recorded, loadedBundles: probe.loadedBundles, loadAverage: Number((loadavg()[0] ?? 0).toFixed(2)) };
  } catch (err) {
    await wb.screenshot('failure').catch(() => undefined);
    throw err;
  } finally {
    await wb.close();
  }
}

async function main(): Promise<void> {
  const runs = argValue('--runs', 5);
  const artifacts = join(repoRoot, '.artifacts', 'bench', 'activation');
  mkdirSync(artifacts, { recursive: true });
  const results: Run[] = [];
  const failures: { run: number; error: string }[] = [];
  for (let i = 1; i <= runs; i++) {
    try {
      const r = await oneRun(i, artifacts);
      process.stderr.write(`run ${i}/${runs}: activation ${r.ms} ms (${r.reason || 'no reason shown'}); loaded: ${r.loadedBundles.join(', ')}; load average ${r.loadAverage}\n`);
      results.push(r);
    } catch (err) {
      // One run lost to a timeout on a busy machine should not discard the others.
      const error = err instanceof Error ? err.message : String(err);
      process.stderr.write(`run ${i}/${runs} FAILED: ${error}\n`);
      failures.push({ run: i, error });
    }
  }
  if (results.length === 0) throw new Error(`all ${runs} runs failed; see .artifacts/bench/activation/run-*/`);
  const sizes = measureSizes(repoRoot);
  const activationMs = median(results.map((r) => r.ms));
  const coreLoadedAtActivation = results.some((r) => r.loadedBundles.includes('dist/core.js'));
  const report = {
    benchmark: 'activation',
    runs: results,
    failures,
    activation: { medianMs: activationMs, minMs: Math.min(...results.map((r) => r.ms)), maxMs: Math.max(...results.map((r) => r.ms)), goalMs: goals.activationMs },
    lazy: { coreLoadedAtActivation, activatedOnDemand: results.every((r) => r.lazy) },
    sizes: { ...sizes, vsixGoalBytes: goals.vsixBytes },
  };
  const ok = (b: boolean): string => (b ? 'yes' : 'NO');
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const table = [
    '| measure | value | goal | met |',
    '| --- | --- | --- | --- |',
    `| activation, median of ${results.length} runs (VS Code's figure) | ${activationMs} ms (min ${report.activation.minMs}, max ${report.activation.maxMs}) | <= ${goals.activationMs} ms | ${ok(activationMs <= goals.activationMs)} |`,
    `| machine load average (1 min) during the runs | ${results.map((r) => r.loadAverage).join(', ')} on ${cpus().length} CPUs | | |`,
    `| dist/core.js loaded by activation | ${coreLoadedAtActivation ? 'yes' : 'no'} | no | ${ok(!coreLoadedAtActivation)} |`,
    `| .vsix | ${sizes.vsix} bytes (${kb(sizes.vsix)}) | <= ${goals.vsixBytes} bytes | ${ok(sizes.vsix <= goals.vsixBytes)} |`,
    ...Object.entries(sizes.bundles).map(([f, n]) => `| ${f} | ${n} bytes (${kb(n)}) | | |`),
  ].join('\n');
  writeFileSync(join(artifacts, 'result.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(artifacts, 'result.md'), `${table}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n${table}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench activation failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
