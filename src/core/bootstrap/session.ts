// The SSH session a device pipeline (bootstrap, reset) works through: the
// caller's SessionOptions as they are, plus the device's credentials and the
// pipeline's signal. One place, so no pipeline drops a setting on the way.
import type { Logger } from '../ports';
import { connect, type ConnectOptions, type SessionOptions, type SshConnection } from '../ssh/connect';
import { Remote } from '../ssh/exec';
import { describeTarget, type SshTarget } from '../ssh/sshConfig';
import type { Step } from '../steps';
import type { DeviceCredentials } from './types';

export function deviceConnectOptions(ssh: SessionOptions, credentials: DeviceCredentials | undefined, signal: AbortSignal | undefined, logger?: Logger): ConnectOptions {
  return { ...ssh, logger: ssh.logger ?? logger, password: credentials?.password, jumpPasswords: credentials?.jumpPasswords, signal };
}

export interface DeviceSession {
  conn: SshConnection;
  remote: Remote;
}

export async function openDeviceSession(target: SshTarget, ssh: SessionOptions, credentials: DeviceCredentials | undefined, signal: AbortSignal | undefined, logger?: Logger): Promise<DeviceSession> {
  const o = deviceConnectOptions(ssh, credentials, signal, logger);
  const conn = await connect(target, o);
  return { conn, remote: new Remote(conn, { prompter: ssh.prompter, logger: o.logger, sudoPassword: credentials?.sudoPassword }) };
}

/** What a device pipeline's options carry for its session. */
export interface DeviceTargetOptions {
  target: SshTarget;
  ssh: SessionOptions;
  credentials?: DeviceCredentials;
  logger?: Logger;
}

/** The first step of bootstrap and reset: the session every later step works through. */
export function connectStep<R extends { readonly o: DeviceTargetOptions; session: DeviceSession }>(): Step<R, 'connect'> {
  return {
    name: 'connect',
    title: 'Connecting over SSH',
    async run(r, { signal }) {
      const { target, ssh, credentials, logger } = r.o;
      r.session = await openDeviceSession(target, ssh, credentials, signal, logger);
      return { acted: false, detail: `connected to ${describeTarget(target)}${target.jumps.length ? ` through ${target.jumps.map((j) => j.name).join(' → ')}` : ''}` };
    },
  };
}
