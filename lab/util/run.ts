// Small process helpers for the lab: run a command and fail with its output,
// start a long-running daemon detached with a pid file, stop it by pid.
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

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

export function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers kill(0); treat it as gone.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** The pid in pidFile if that process still runs. */
export function runningPid(pidFile: string): number | undefined {
  const pid = readPid(pidFile);
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

export interface DaemonSpec {
  name: string;
  cmd: string;
  args: string[];
  pidFile: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts a daemon in its own session so it outlives the CLI, with output in
 * its log file. Returns false when it already ran (idempotent `lab up`).
 */
export function startDaemon(spec: DaemonSpec): boolean {
  if (runningPid(spec.pidFile) !== undefined) return false;
  mkdirSync(dirname(spec.pidFile), { recursive: true });
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const fd = openSync(spec.logFile, 'a');
  const child = spawn(spec.cmd, spec.args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: spec.env ?? process.env,
  });
  closeSync(fd);
  if (child.pid === undefined) throw new CommandError(`${spec.name} did not start (${spec.cmd})`);
  writeFileSync(spec.pidFile, `${child.pid}\n`);
  child.unref();
  return true;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after a grace period; removes the pid file. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
}

export async function stopDaemon(pidFile: string, graceMs?: number): Promise<boolean> {
  const pid = readPid(pidFile);
  const was = pid !== undefined && isAlive(pid);
  if (pid !== undefined) await stopPid(pid, graceMs);
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
  return was;
}

export async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number, hint = ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new CommandError(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${hint ? `; ${hint}` : ''}`);
    await sleep(500);
  }
}
