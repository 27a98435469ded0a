import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionOptions } from '../ssh/connect';
import { deviceConnectOptions } from './session';

const ssh: SessionOptions = {
  prompter: { confirmHostKey: async () => false, askSecret: async () => undefined },
  state: { get: () => undefined, update: async () => undefined },
  knownHostsFiles: ['/home/u/.ssh/known_hosts'],
  agentSocket: '',
  readyTimeoutMs: 7000,
  keepaliveIntervalMs: 5000,
  keepaliveCountMax: 2,
};

test('bootstrap and reset connect with every SSH setting the caller gave (keepalive included), plus the device credentials and signal', () => {
  const signal = new AbortController().signal;
  const o = deviceConnectOptions(ssh, { password: 'pw', sudoPassword: 'sudo', jumpPasswords: { bastion: 'jp' } }, signal);
  assert.equal(o.keepaliveIntervalMs, 5000);
  assert.equal(o.keepaliveCountMax, 2);
  assert.equal(o.readyTimeoutMs, 7000);
  assert.deepEqual(o.knownHostsFiles, ['/home/u/.ssh/known_hosts']);
  assert.equal(o.agentSocket, '');
  assert.equal(o.prompter, ssh.prompter);
  assert.equal(o.state, ssh.state);
  assert.equal(o.password, 'pw');
  assert.deepEqual(o.jumpPasswords, { bastion: 'jp' });
  assert.equal(o.signal, signal);
  assert.equal((o as { sudoPassword?: string }).sudoPassword, undefined, 'the sudo password is for sudo only, never for the login');
});
