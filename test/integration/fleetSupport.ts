// Shared helpers of the fleet integration tests: event-driven waits on the
// model, running lab CLI verbs, and Node objects made for a test.
import { spawn } from 'node:child_process';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { FleetModel } from '../../src/core/fleet/fleetModel';
import type { FleetEvent } from '../../src/core/fleet/types';
import type { Logger } from '../../src/core/ports';

export const testLogger = (lines: string[] = []): Logger => ({
  log: (level, message) => {
    lines.push(`${level} ${message}`);
    if (process.env.FLEET_TEST_DEBUG) console.error(`[${level}] ${message}`);
  },
});

/**
 * Resolves once `pred` holds, re-checked on every model event (and once a
 * second, for state that changes without an event, e.g. counters). Rejects at
 * the deadline with `what` and the last observation.
 */
export function waitForModel<T>(model: FleetModel, what: string, deadlineMs: number, pred: (e?: FleetEvent) => T | undefined | false): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      sub.dispose();
      clearInterval(tick);
      clearTimeout(timer);
      fn();
    };
    const check = (e?: FleetEvent): void => {
      try {
        const v = pred(e);
        if (v) finish(() => resolve(v));
      } catch (err) {
        finish(() => reject(err as Error));
      }
    };
    const sub = model.onEvent(check);
    const tick = setInterval(() => check(), 1000);
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${deadlineMs / 1000} s waiting for ${what}`))), deadlineMs);
    check();
  });
}

/** Runs `npm run lab -- ARGS` and resolves with its output; rejects on a non-zero exit. */
export function lab(args: string[], timeoutMs = 600_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/lab.mjs', ...args], { cwd: new URL('../..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`lab ${args.join(' ')} exited ${code}: ${out.slice(-2000)}`));
    });
  });
}

export function kubeConfigFile(file: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  if (context) kc.setCurrentContext(context);
  return kc;
}

export async function ensureNamespace(kc: KubeConfig, name: string, labels: Record<string, string>): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    await core.createNamespace({ body: { metadata: { name, labels } } });
  } catch (err) {
    if ((err as { code?: number }).code !== 409) throw err;
  }
}

export async function deleteNamespace(kc: KubeConfig, name: string): Promise<void> {
  try {
    await kc.makeApiClient(CoreV1Api).deleteNamespace({ name });
  } catch {
    /* already gone */
  }
}
