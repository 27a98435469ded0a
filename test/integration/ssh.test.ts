// Real OpenSSH servers on 127.0.0.x (no lab needed): host keys, auth errors,
// unreachable addresses, jump chains.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { UserFacingError } from '../../src/core/errors';
import type { HostKeyQuestion, Prompter, SecretQuestion } from '../../src/core/ports';
import { connect } from '../../src/core/ssh/connect';
import { Remote } from '../../src/core/ssh/exec';
import { fingerprintOf } from '../../src/core/ssh/knownHosts';
import { SshConfigResolver, type SshTarget } from '../../src/core/ssh/sshConfig';
import { memoryStateStore, startLocalSshd, type LocalSshd } from '../support/testSshd';

let a: LocalSshd;
let b: LocalSshd;
before(async () => {
  a = await startLocalSshd('127.0.0.21', 2222);
  b = await startLocalSshd('127.0.0.22', 2222);
});
after(() => {
  a?.stop();
  b?.stop();
});

function prompter(asked: HostKeyQuestion[], secrets: SecretQuestion[] = [], accept = true): Prompter {
  return { confirmHostKey: async (q) => (asked.push(q), accept), askSecret: async (q) => (secrets.push(q), undefined) };
}

function target(s: LocalSshd, over: Partial<SshTarget> = {}): SshTarget {
  return { name: `sshd-${s.address}`, host: s.address, port: s.port, user: 'root', identityFiles: [s.clientKey], identitiesOnly: true, knownHostsFiles: [], jumps: [], ...over };
}
const base = { knownHostsFiles: ['/nonexistent/known_hosts'], agentSocket: '', readyTimeoutMs: 5000 };

test('unknown host key is shown with its fingerprint, pinned, and commands run', async () => {
  const state = memoryStateStore();
  const asked: HostKeyQuestion[] = [];
  const conn = await connect(target(a), { ...base, state, prompter: prompter(asked) });
  try {
    const remote = new Remote(conn, { prompter: prompter([]) });
    const r = await remote.run('echo hello; echo oops >&2; exit 3');
    assert.deepEqual([r.code, r.stdout, r.stderr], [3, 'hello\n', 'oops\n']);
    assert.equal(await remote.sudoMode(), 'root');
  } finally {
    conn.close();
  }
  const pub = Buffer.from(a.hostKeyPub.split(' ')[1] as string, 'base64');
  assert.equal(asked.length, 1);
  assert.equal(asked[0]?.fingerprint, fingerprintOf(pub));
  const again: HostKeyQuestion[] = [];
  (await connect(target(a), { ...base, state, prompter: prompter(again) })).close();
  assert.equal(again.length, 0, 'a pinned key is not asked again');
});

test('a changed host key is refused before any command runs', async () => {
  const state = memoryStateStore();
  (await connect(target(b), { ...base, state, prompter: prompter([]) })).close();
  const oldFp = fingerprintOf(Buffer.from(b.hostKeyPub.split(' ')[1] as string, 'base64'));
  await b.rotateHostKey();
  const logBefore = readFileSync(b.logFile, 'utf8').length;
  await assert.rejects(connect(target(b), { ...base, state, prompter: prompter([]) }), (e: unknown) => {
    assert.ok(e instanceof UserFacingError, String(e));
    assert.equal(e.code, 'ssh-host-key-changed');
    assert.ok(e.message.includes(oldFp));
    return true;
  });
  // sshd logs "Accepted" and session requests; after a refused key neither appears.
  const log = readFileSync(b.logFile, 'utf8').slice(logBefore);
  assert.doesNotMatch(log, /Accepted publickey|session_new|server_input_channel_req|Starting session/);
});

test('a wrong password says authentication failed and lists the methods tried', async () => {
  await assert.rejects(
    connect(target(a, { identityFiles: ['/nonexistent/key'] }), { ...base, password: 'definitely-wrong', state: memoryStateStore(), prompter: prompter([]) }),
    (e: unknown) => e instanceof UserFacingError && e.code === 'ssh-auth-failed' && /methods tried: password/.test(e.message),
  );
});

test('a refused port and an unreachable address give distinct clear messages', async () => {
  await assert.rejects(connect(target(a, { port: 2299 }), { ...base, state: memoryStateStore(), prompter: prompter([]) }), (e: unknown) => e instanceof UserFacingError && e.code === 'ssh-refused' && /refused/.test(e.message));
  // An address with no route (the lab's supernet holds nothing at .255.254; the host marks it unreachable).
  await assert.rejects(
    connect(target(a, { host: '10.213.255.254', port: 22 }), { ...base, readyTimeoutMs: 4000, state: memoryStateStore(), prompter: prompter([]) }),
    (e: unknown) => e instanceof UserFacingError && ['ssh-unreachable', 'ssh-timeout'].includes(e.code) && /10\.213\.255\.254/.test(e.message),
  );
  // A peer that accepts TCP but never speaks SSH: the handshake times out.
  const silent = createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(2223, '127.0.0.23', () => r()));
  try {
    await assert.rejects(
      connect(target(a, { host: '127.0.0.23', port: 2223 }), { ...base, readyTimeoutMs: 1000, state: memoryStateStore(), prompter: prompter([]) }),
      (e: unknown) => e instanceof UserFacingError && e.code === 'ssh-timeout' && /did not answer within 1 s/.test(e.message),
    );
  } finally {
    silent.close();
  }
});

test('a jump chain through a second sshd, resolved from an ssh config', async () => {
  const r = new SshConfigResolver(`
Host jumpbox
  HostName ${a.address}
  Port ${a.port}
  User root
  IdentityFile ${a.clientKey}
Host inner
  HostName ${b.address}
  Port ${b.port}
  User root
  IdentityFile ${b.clientKey}
  ProxyJump jumpbox
`);
  const t = r.resolve('inner');
  assert.equal(t.jumps.length, 1);
  const logBefore = readFileSync(a.logFile, 'utf8').length;
  const conn = await connect(t, { ...base, state: memoryStateStore(), prompter: prompter([]) });
  try {
    const out = await new Remote(conn, { prompter: prompter([]) }).run('echo via-jump');
    assert.equal(out.stdout, 'via-jump\n');
  } finally {
    conn.close();
  }
  assert.match(readFileSync(a.logFile, 'utf8').slice(logBefore), /direct-tcpip.*127\.0\.0\.22.*2222|target 127\.0\.0\.22 port 2222/);
  // a broken next hop names the jump host that failed
  const bad = r.resolve('inner');
  bad.port = 2299;
  await assert.rejects(connect(bad, { ...base, state: memoryStateStore(), prompter: prompter([]) }), (e: unknown) => e instanceof UserFacingError && e.code === 'ssh-jump-failed' && /Jump host 1 of 1, jumpbox/.test(e.message));
});

test('cancellation closes the channel of a running command', async () => {
  const conn = await connect(target(a), { ...base, state: memoryStateStore(), prompter: prompter([]) });
  try {
    const ac = new AbortController();
    const remote = new Remote(conn, { prompter: prompter([]) });
    const p = remote.run('sleep 30', { signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(p, (e: unknown) => (e as Error).name === 'CancelledError');
  } finally {
    conn.close();
  }
});

test('streamed output is redacted: registered passwords and bootstrap tokens never reach the Logger', async () => {
  const lines: string[] = [];
  const logger = { log: (_l: string, m: string) => void lines.push(m) };
  const conn = await connect(target(a), { ...base, state: memoryStateStore(), prompter: prompter([]) });
  try {
    const remote = new Remote(conn, { prompter: prompter([]), logger, sudoPassword: 'Sud0-Pa55-word' });
    const r = await remote.run("echo 'pw=Sud0-Pa55-word'; echo 'token: abcdef.0123456789abcdef' >&2");
    assert.equal(r.code, 0);
  } finally {
    conn.close();
  }
  const all = lines.join('\n');
  assert.match(all, /pw=\*\*\*/);
  assert.doesNotMatch(all, /Sud0-Pa55-word|0123456789abcdef/);
});
