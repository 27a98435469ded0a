// Async process helpers for the device lab. Errors carry the command's own
// stderr so that a failed `ip`/`mount` tells the operator what went wrong.
import { execFile, spawn } from 'node:child_process';

export class DeviceLabError extends Error {}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion without throwing; stdin (if given) is written and closed. */
export function exec(cmd: string, args: string[], stdin?: string): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 127) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr || (err && code === 127 ? err.message : '')) });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
    else child.stdin?.end();
  });
}

/** Runs a command and returns its stdout; throws with its stderr when it fails. */
export async function run(cmd: string, args: string[], stdin?: string): Promise<string> {
  const r = await exec(cmd, args, stdin);
  if (r.code !== 0) {
    const detail = `${r.stderr}${r.stdout}`.trim().split('\n').slice(-10).join('\n');
    throw new DeviceLabError(`${cmd} ${args.join(' ')} failed (exit ${r.code}): ${detail}`);
  }
  return r.stdout;
}

/** Runs a command for its success only (probes, best-effort cleanup). */
export async function tryRun(cmd: string, args: string[]): Promise<boolean> {
  return (await exec(cmd, args)).code === 0;
}

/** Starts a long-lived process in its own session, output appended to logFd; returns its pid. */
export function spawnDetached(cmd: string, args: string[], logFd: number): number {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', logFd, logFd] });
  if (child.pid === undefined) throw new DeviceLabError(`${cmd} could not start`);
  child.unref();
  return child.pid;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
