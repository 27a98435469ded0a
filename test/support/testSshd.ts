// Test support: a real OpenSSH server on a loopback address, with its own
// host key, config and authorized_keys in a temp dir. Used by the ssh tests;
// nothing in the product imports it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateStore } from '../../src/core/ports';

export interface LocalSshd {
  address: string;
  port: number;
  dir: string;
  hostKeyPub: string;
  clientKey: string;
  logFile: string;
  stop(): void;
  /** Replace the host key (a "reinstalled device", optionally with another key type) and restart. */
  rotateHostKey(type?: HostKeyType): Promise<void>;
}

export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

function keygen(file: string, type: HostKeyType = 'ed25519'): void {
  rmSync(file, { force: true });
  rmSync(`${file}.pub`, { force: true });
  const r = spawnSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-f', file]);
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr.toString()}`);
}

async function waitPort(address: string, port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: address, port }, () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd on ${address}:${port} did not start`);
}

export async function startLocalSshd(address: string, port: number, extraConfig = ''): Promise<LocalSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'ep-sshd-'));
  mkdirSync('/run/sshd', { recursive: true });
  const hostKey = join(dir, 'host_ed25519');
  const clientKey = join(dir, 'client_ed25519');
  keygen(hostKey);
  keygen(clientKey);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  const logFile = join(dir, 'sshd.log');
  writeFileSync(join(dir, 'sshd_config'), [
    `ListenAddress ${address}:${port}`,
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PermitRootLogin yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'AllowTcpForwarding yes',
    'LogLevel DEBUG1',
    extraConfig,
  ].join('\n'));
  let proc: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    proc = spawn('/usr/sbin/sshd', ['-D', '-f', join(dir, 'sshd_config'), '-E', logFile], { stdio: 'ignore' });
    await waitPort(address, port);
  };
  await start();
  const stop = (): void => {
    if (proc?.pid) {
      try {
        process.kill(proc.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  const session = {
    address,
    port,
    dir,
    hostKeyPub: readFileSync(`${hostKey}.pub`, 'utf8'),
    clientKey,
    logFile,
    stop: () => {
      stop();
      rmSync(dir, { recursive: true, force: true });
    },
    rotateHostKey: async (type?: HostKeyType) => {
      stop();
      await new Promise<void>((r) => (proc?.exitCode !== null ? r() : proc.once('exit', () => r())));
      // The file keeps its name whatever the type: sshd reads the type from the key.
      keygen(hostKey, type);
      session.hostKeyPub = readFileSync(`${hostKey}.pub`, 'utf8');
      await start();
    },
  };
  return session;
}

/** In-memory StateStore for tests. */
export function memoryStateStore(): StateStore {
  const m = new Map<string, unknown>();
  return {
    get: <T>(k: string) => m.get(k) as T | undefined,
    update: async (k, v) => void m.set(k, v),
  };
}
