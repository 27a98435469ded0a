// The SSH session a device pipeline (bootstrap, reset) works through: the
// caller's SessionOptions as they are, plus the device's credentials and the
// pipeline's signal. One place, so no pipeline drops a setting on the way.
import type { Logger } from '../ports';
import { connect, type ConnectOptions, type SessionOptions, type SshConnection } from '../ssh/connect';
import { Remote } from '../ssh/exec';
import type { SshTarget } from '../ssh/sshConfig';
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
