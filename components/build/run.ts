// Run a command and fail with its output: what the component builds and the lab both use.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

export class CommandError extends Error {}

/** Runs a command to completion; throws with its stderr when it fails. */
export function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw new CommandError(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) {
    const out = `${String(r.stderr ?? '')}${String(r.stdout ?? '')}`.trim().split('\n').slice(-20).join('\n');
    throw new CommandError(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${out}`);
  }
  return String(r.stdout ?? '');
}

/** Runs a command and reports only whether it succeeded (for probes and best-effort cleanup). */
export function tryRun(cmd: string, args: string[], opts: SpawnSyncOptions = {}): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', ...opts });
  return r.status === 0;
}

/** Runs a command with inherited stdio (long builds show their progress). */
export function runVisible(cmd: string, args: string[], opts: SpawnSyncOptions = {}): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new CommandError(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}
