// Child processes that must never outlive a test, and small waiting helpers.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { createServer } from 'node:net';

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** A scratch folder removed when the process ends, however it ends (or earlier by forgetTempDir). */
export function removeOnExit(dir: string): void {
  tempDirs.add(dir);
}

export function forgetTempDir(dir: string): void {
  tempDirs.delete(dir);
}

function cleanUp(): void {
  for (const child of live) killGroup(child, 'SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

// A test that throws or a runner that exits must not leave code-server behind:
// every tracked process runs in its own process group, killed whole on exit.
process.once('exit', cleanUp);
// The runner stops a test file that overruns with a signal, which skips 'exit' handlers.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    cleanUp();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

export interface Tracked {
  child: ChildProcess;
  /** Resolves when the process has exited (after stop, or on its own). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/** Starts a process in its own group, its output appended to logFile. */
export function spawnTracked(cmd: string, args: string[], logFile: string, opts: SpawnOptions = {}): Tracked {
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`$ ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  live.add(child);
  const exited = new Promise<void>((resolveExit) => {
    const done = (): void => { live.delete(child); resolveExit(); };
    child.once('exit', done);
    child.once('error', (err) => { log.write(`spawn error: ${err.message}\n`); done(); });
  });
  const stop = async (): Promise<void> => {
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // The group may still hold grandchildren that ignored SIGTERM.
    killGroup(child, 'SIGKILL');
    await new Promise<void>((r) => log.end(r));
  };
  return { child, exited, stop };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Polls until check() returns a value, or fails with `what` in the message. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
}
