// Small process helpers for the lab: start a long-running daemon detached with a pid file, stop it by pid
// (running a command to completion is components/build/run.ts, re-exported here).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

import { CommandError } from '../../components/build/run';

export { CommandError, run, runVisible, tryRun } from '../../components/build/run';

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
    return !/^\d+ \(.*\) Z /s.test(stat);
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
