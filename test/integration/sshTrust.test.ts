// Issue 12, SSH items, against real OpenSSH servers on loopback (no lab seed):
// a host known by one key type that presents another is refused as a changed
// key without a prompt; Forget Host Key's probe reads the new key without
// logging in; a person who takes longer than the handshake timeout to answer
// a prompt still gets a connection.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { UserFacingError } from '../../src/core/errors';
import type { HostKeyQuestion, Prompter, SecretQuestion } from '../../src/core/ports';
import { connect } from '../../src/core/ssh/connect';
import { Remote } from '../../src/core/ssh/exec';
import { pinnedKeysFor, unpinHostKey } from '../../src/core/ssh/hostKeys';
import { fingerprintOf } from '../../src/core/ssh/knownHosts';
import { probeHostKey } from '../../src/core/ssh/probe';
import type { SshTarget } from '../../src/core/ssh/sshConfig';
import { memoryStateStore, startLocalSshd, type LocalSshd } from '../support/testSshd';

let a: LocalSshd;
let b: LocalSshd;
before(async () => {
  a = await startLocalSshd('127.0.0.61', 2262);
  b = await startLocalSshd('127.0.0.62', 2262);
});
after(() => {
  a?.stop();
  b?.stop();
});

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Recorder extends Prompter {
  hostKeys: HostKeyQuestion[];
  secrets: SecretQuestion[];
}

/** A prompter that records every question; `delayMs` is how long the "person" takes to answer. */
function recorder(o: { accept?: boolean; secret?: string; delayMs?: number } = {}): Recorder {
  const r: Recorder = {
    hostKeys: [],
    secrets: [],
    confirmHostKey: async (q) => {
      r.hostKeys.push(q);
      await wait(o.delayMs ?? 0);
      return o.accept ?? true;
    },
    askSecret: async (q) => {
      r.secrets.push(q);
      await wait(o.delayMs ?? 0);
      return o.secret;
    },
  };
  return r;
}

function target(s: LocalSshd, over: Partial<SshTarget> = {}): SshTarget {
  return { name: `sshd-${s.address}`, host: s.address, port: s.port, user: 'root', identityFiles: [s.clientKey], identitiesOnly: true, knownHostsFiles: [], jumps: [], ...over };
}
const base = { knownHostsFiles: ['/nonexistent/known_hosts'], agentSocket: '', readyTimeoutMs: 5000 };
const blobOf = (pubLine: string): Buffer => Buffer.from(pubLine.split(' ')[1] as string, 'base64');
const logSince = (s: LocalSshd, from: number): string => readFileSync(s.logFile, 'utf8').slice(from);
// sshd logs these once a login succeeded or a command was asked for.
const loggedIn = /Accepted publickey|Accepted password|session_new|server_input_channel_req|Starting session/;

test('hostile: a host pinned as ed25519 that now presents only rsa is refused as a changed key, with no prompt and nothing run', async () => {
  const state = memoryStateStore();
  (await connect(target(a), { ...base, state, prompter: recorder() })).close();
  const pinnedFp = fingerprintOf(blobOf(a.hostKeyPub));
  assert.deepEqual(pinnedKeysFor(state, a.address, a.port).map((k) => k.keyType), ['ssh-ed25519']);
  await a.rotateHostKey('rsa');
  const from = readFileSync(a.logFile, 'utf8').length;
  const p = recorder();
  await assert.rejects(connect(target(a), { ...base, state, prompter: p }), (e: unknown) => {
    assert.ok(e instanceof UserFacingError, String(e));
    assert.equal(e.code, 'ssh-host-key-changed');
    assert.match(e.message, /CHANGED type/);
    assert.ok(e.message.includes(pinnedFp), e.message);
    assert.match(e.hint, /Forget Host Key/);
    return true;
  });
  assert.equal(p.hostKeys.length, 0, 'no trust prompt was shown');
  assert.equal(p.secrets.length, 0, 'no password was asked');
  assert.doesNotMatch(logSince(a, from), loggedIn);
  assert.deepEqual(pinnedKeysFor(state, a.address, a.port).map((k) => k.keyType), ['ssh-ed25519'], 'the rsa key was not pinned');

  // Forget Host Key's probe: it reads the key the host presents now (new fingerprint) and logs in nowhere.
  const from2 = readFileSync(a.logFile, 'utf8').length;
  const seen = await probeHostKey(target(a), { ...base, state, prompter: recorder() });
  assert.deepEqual(seen, { keyType: 'ssh-rsa', fingerprint: fingerprintOf(blobOf(a.hostKeyPub)) });
  assert.doesNotMatch(logSince(a, from2), loggedIn);
  // After forgetting the pin, the host is new again: the person is asked, then commands run.
  await unpinHostKey(state, a.address, a.port);
  const again = recorder();
  const conn = await connect(target(a), { ...base, state, prompter: again });
  try {
    assert.equal((await new Remote(conn, { prompter: again }).run('echo ok')).stdout, 'ok\n');
  } finally {
    conn.close();
  }
  assert.deepEqual(again.hostKeys.map((q) => [q.keyType, q.fingerprint]), [['ssh-rsa', fingerprintOf(blobOf(a.hostKeyPub))]]);
  await a.rotateHostKey('ed25519');
});

test('hostile: a host in known_hosts as ed25519 that now presents only ecdsa is refused, naming the known_hosts line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ep-secb-kh-'));
  const kh = join(dir, 'known_hosts');
  writeFileSync(kh, `[${b.address}]:${b.port} ${b.hostKeyPub.split(' ').slice(0, 2).join(' ')}\n`);
  const opts = { ...base, knownHostsFiles: [kh], state: memoryStateStore() };
  (await connect(target(b), { ...opts, prompter: recorder({ accept: false }) })).close();
  await b.rotateHostKey('ecdsa');
  const from = readFileSync(b.logFile, 'utf8').length;
  const p = recorder();
  await assert.rejects(connect(target(b), { ...opts, prompter: p }), (e: unknown) =>
    e instanceof UserFacingError && e.code === 'ssh-host-key-changed' && e.message.includes(`${kh}:1`) && e.hint.includes(`ssh-keygen -R "[${b.address}]:${b.port}"`));
  assert.equal(p.hostKeys.length, 0, 'no trust prompt was shown');
  assert.doesNotMatch(logSince(b, from), loggedIn);
  await b.rotateHostKey('ed25519');
});

test('a person who takes longer than the handshake timeout to compare the fingerprint still gets a connection', async () => {
  const p = recorder({ delayMs: 2500 });
  const conn = await connect(target(b), { ...base, readyTimeoutMs: 1000, state: memoryStateStore(), prompter: p });
  try {
    assert.equal((await new Remote(conn, { prompter: p }).run('echo after-a-slow-answer')).stdout, 'after-a-slow-answer\n');
  } finally {
    conn.close();
  }
  assert.equal(p.hostKeys.length, 1);
});

test('a slow answer to a key passphrase prompt does not time the handshake out either', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ep-secb-key-'));
  const key = join(dir, 'id_ed25519');
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secb-passphrase', '-f', key]);
  assert.equal(r.status, 0, r.stderr.toString());
  appendFileSync(join(b.dir, 'authorized_keys'), readFileSync(`${key}.pub`));
  const p = recorder({ delayMs: 2500, secret: 'secb-passphrase' });
  const conn = await connect(target(b, { identityFiles: [key] }), { ...base, readyTimeoutMs: 1000, state: memoryStateStore(), prompter: p });
  conn.close();
  assert.deepEqual(p.secrets.map((q) => q.kind), ['passphrase']);
});
