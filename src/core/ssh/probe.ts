// Reads the host key a device presents now, without trusting it, logging in or
// running anything: the handshake is refused as soon as the key is seen. Used
// by Forget Host Key to show the new fingerprint beside the pinned one.
import type { Duplex } from 'node:stream';
import { Client, type ConnectConfig } from 'ssh2';
import { CancelledError, UserFacingError } from '../errors';
import { connect, dialConfig, forward, type ConnectOptions, type SshConnection } from './connect';
import { preferredHostKeyAlgorithms } from './hostKeyAlgorithms';
import { knownHostKeys, knownKeyTypes } from './hostKeys';
import { fingerprintOf, keyTypeOf } from './knownHosts';
import { mapSshError } from './sshErrors';
import type { SshTarget } from './sshConfig';

export interface PresentedHostKey {
  keyType: string;
  fingerprint: string;
}

/** The host key `target` presents (through its jump hosts, which are verified as usual). */
export async function probeHostKey(target: SshTarget, opts: ConnectOptions): Promise<PresentedHostKey> {
  let bastion: SshConnection | undefined;
  let sock: Duplex | undefined;
  try {
    const last = target.jumps[target.jumps.length - 1];
    if (last) {
      bastion = await connect({ ...last, jumps: target.jumps.slice(0, -1) }, opts);
      sock = await forward(bastion.client, target.host, target.port);
    }
    const known = await knownHostKeys({ knownHostsFiles: [...(opts.knownHostsFiles ?? []), ...target.knownHostsFiles], state: opts.state }, target.host, target.port);
    return await handshakeKey(target, opts, knownKeyTypes(known), sock);
  } finally {
    bastion?.close();
  }
}

function handshakeKey(target: SshTarget, opts: ConnectOptions, knownTypes: string[], sock: Duplex | undefined): Promise<PresentedHostKey> {
  const timeoutMs = opts.readyTimeoutMs ?? 15000;
  return new Promise((resolve, reject) => {
    const client = new Client();
    let seen: PresentedHostKey | undefined;
    let done = false;
    const finish = (err?: unknown): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      client.end();
      if (seen) resolve(seen);
      else reject(err instanceof UserFacingError ? err : mapSshError(err, { target, timeoutMs }));
    };
    const onAbort = (): void => finish(new CancelledError());
    const timer = setTimeout(() => finish(Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' })), timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('error', finish);
    client.on('ready', () => finish(new Error('unexpected login')));
    const cfg: ConnectConfig = {
      username: target.user,
      readyTimeout: 0,
      // The known type first, so a reinstalled device shows its new key of that type.
      algorithms: { serverHostKey: preferredHostKeyAlgorithms(knownTypes) as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] },
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        seen = { keyType: keyTypeOf(key), fingerprint: fingerprintOf(key) };
        verify(false);
      },
      authHandler: () => false,
    };
    try {
      client.connect(dialConfig(cfg, target, sock));
    } catch (err) {
      finish(err);
    }
  });
}
