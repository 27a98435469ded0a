// Opens an SSH session to a target, hop by hop through its jump hosts, with a
// verified host key on every hop, keepalive, timeouts and mapped errors.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { Client, type ConnectConfig } from 'ssh2';
import { CancelledError, UserFacingError } from '../errors';
import type { Logger, Prompter, StateStore } from '../ports';
import { createAuth } from './auth';
import { serverHostKeyAlgorithms } from './hostKeyAlgorithms';
import { keyTypeChangedError, knownHostKeys, knownKeyTypes, verifyHostKey } from './hostKeys';
import { knownHostsName } from './knownHosts';
import { pausableTimer, pausingPrompter } from './pausableTimer';
import { mapSshError } from './sshErrors';
import { describeTarget, type SshTarget } from './sshConfig';

export interface ConnectOptions {
  prompter: Prompter;
  /** Where pinned host keys live. */
  state: StateStore;
  logger?: Logger;
  /** Defaults to ~/.ssh/known_hosts (plus UserKnownHostsFile from the config). */
  knownHostsFiles?: string[];
  /** Password for the device itself (never for jump hosts unless jumpPasswords says so). */
  password?: string;
  /** Passwords for jump hosts, keyed by their host. */
  jumpPasswords?: Record<string, string>;
  agentSocket?: string;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  signal?: AbortSignal;
  home?: string;
}

/**
 * The SSH settings every session of a command shares (host-key trust, timeouts,
 * keepalive): built once by the extension from its settings and handed to core
 * as one value; a pipeline adds the device's credentials and its signal.
 */
export type SessionOptions = Omit<ConnectOptions, 'password' | 'jumpPasswords' | 'signal'>;

export interface SshConnection {
  readonly target: SshTarget;
  /** The client connected to the device (last hop). */
  readonly client: Client;
  /** The login password when one was used, for sudo; never logged. */
  readonly password: string | undefined;
  /** Bytes written to the device's socket so far (jump hops included once). */
  bytesSent(): number;
  close(): void;
  /** Rejects when the connection drops; used to fail running commands quickly. */
  readonly closed: Promise<void>;
}

/** The error ssh2 gives when the server offers none of the host-key algorithms we allow. */
const noHostKeyFormat = /no matching host key format/i;

async function connectOne(
  target: SshTarget,
  hop: number | undefined,
  full: SshTarget,
  opts: ConnectOptions,
  sock: Duplex | undefined,
): Promise<{ client: Client; password: string | undefined }> {
  const home = opts.home ?? homedir();
  const knownHostsFiles = [...(opts.knownHostsFiles ?? [join(home, '.ssh', 'known_hosts')]), ...target.knownHostsFiles];
  const known = await knownHostKeys({ knownHostsFiles, state: opts.state }, target.host, target.port);
  const serverHostKey = serverHostKeyAlgorithms(knownKeyTypes(known));
  if (serverHostKey?.length === 0) {
    throw new UserFacingError(
      'ssh-host-key-unsupported',
      `${knownHostsName(target.host, target.port)} is known only by key types Edgeplane cannot verify (${knownKeyTypes(known).join(', ')}).`,
      'Add its ed25519, ecdsa or rsa host key to known_hosts (ssh-keyscan, then compare the fingerprint), then connect again.',
    );
  }
  const password = hop === undefined ? opts.password : opts.jumpPasswords?.[target.host];
  const timeoutMs = opts.readyTimeoutMs ?? 15000;
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKeyError: UserFacingError | undefined;
    let settled = false;
    // Our own handshake timeout (ssh2's cannot pause): it stops while a person is asked.
    const timer = pausableTimer(timeoutMs, () => {
      const err = Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' });
      client.destroy();
      fail(err);
    });
    const prompter = pausingPrompter(opts.prompter, timer);
    const auth = createAuth(target, { prompter, password, agentSocket: opts.agentSocket, home, timeout: timer });
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      timer.clear();
      client.end();
      if (!hostKeyError && serverHostKey && noHostKeyFormat.test((err as Error)?.message ?? '')) {
        hostKeyError = keyTypeChangedError(target.host, target.port, known);
      }
      reject(hostKeyError ?? mapSshError(err, { target: full, hop, methodsTried: auth.tried, timeoutMs }));
    };
    const onAbort = (): void => fail(new CancelledError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    // An error listener always: without it a reset throws out of the event loop.
    client.on('error', fail);
    client.on('ready', () => {
      settled = true;
      timer.clear();
      opts.signal?.removeEventListener('abort', onAbort);
      client.removeListener('error', fail);
      client.on('error', (err) => opts.logger?.log('warn', `SSH ${describeTarget(target)}: ${err.message}`));
      resolve({ client, password: auth.password() });
    });
    const cfg: ConnectConfig = {
      username: target.user,
      readyTimeout: 0,
      keepaliveInterval: opts.keepaliveIntervalMs ?? 15000,
      keepaliveCountMax: opts.keepaliveCountMax ?? 3,
      authHandler: auth.handler,
      // Always set: ssh2 accepts any host key when this is missing.
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        verifyHostKey({ knownHostsFiles, state: opts.state, prompter }, target.host, target.port, key).then(
          () => verify(true),
          (err: unknown) => {
            hostKeyError = err instanceof UserFacingError ? err : mapSshError(err, { target: full, hop });
            verify(false);
          },
        );
      },
    };
    // A known host is offered only its known key types (OpenSSH orders them first; we also refuse the rest).
    if (serverHostKey) cfg.algorithms = { serverHostKey: serverHostKey as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] };
    try {
      client.connect(dialConfig(cfg, target, sock));
    } catch (err) {
      fail(err);
      return;
    }
  });
}

/** Where ssh2 dials: through the previous hop's forwarded stream, or the target's address. */
export function dialConfig(cfg: ConnectConfig, target: Pick<SshTarget, 'host' | 'port'>, sock: Duplex | undefined): ConnectConfig {
  return sock ? { ...cfg, sock } : { ...cfg, host: target.host, port: target.port };
}

export function forward(client: Client, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}

/** Connects to `target` through its jump hosts. Every failure is a UserFacingError naming the hop. */
export async function connect(target: SshTarget, opts: ConnectOptions): Promise<SshConnection> {
  const hops = [...target.jumps, { ...target, jumps: [] }];
  const clients: Client[] = [];
  let sock: Duplex | undefined;
  let password: string | undefined;
  try {
    for (let i = 0; i < hops.length; i++) {
      const hopTarget = hops[i] as SshTarget;
      const hopIndex = i < target.jumps.length ? i : undefined;
      if (opts.signal?.aborted) throw new CancelledError();
      const prev = clients[clients.length - 1];
      if (prev) {
        try {
          sock = await forward(prev, hopTarget.host, hopTarget.port);
        } catch (err) {
          const prevHop = i - 1;
          const j = target.jumps[prevHop];
          throw new UserFacingError(
            'ssh-jump-failed',
            `Jump host ${prevHop + 1} of ${target.jumps.length}, ${j?.name} (${j ? describeTarget(j) : '?'}), could not reach ${hopTarget.host}:${hopTarget.port}: ${(err as Error).message}.`,
            'Check that the jump host can reach the next hop and allows TCP forwarding (AllowTcpForwarding yes).',
            { cause: err },
          );
        }
      }
      const r = await connectOne(hopTarget, hopIndex, target, opts, sock);
      clients.push(r.client);
      if (hopIndex === undefined) password = r.password;
    }
  } catch (err) {
    for (const c of clients.reverse()) c.end();
    throw err;
  }
  const client = clients[clients.length - 1] as Client;
  const closed = new Promise<void>((_resolve, reject) => {
    client.once('close', () => reject(new UserFacingError('ssh-connection-lost', `The SSH connection to ${target.name} closed.`, 'Check the link to the device and run again; the bootstrap continues where it stopped.')));
  });
  closed.catch(() => undefined);
  let ended = false;
  const close = (): void => {
    if (ended) return;
    ended = true;
    for (const c of [...clients].reverse()) c.end();
  };
  opts.signal?.addEventListener('abort', close, { once: true });
  return {
    target,
    client,
    password,
    // The first hop's TCP socket carries everything, jump traffic included.
    bytesSent: () => (clients[0] as unknown as { _sock?: { bytesWritten?: number } })._sock?.bytesWritten ?? 0,
    close,
    closed,
  };
}
