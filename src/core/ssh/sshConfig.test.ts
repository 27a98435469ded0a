import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import { parseDestination, resolveTarget, SshConfigResolver } from './sshConfig';

function home(config: string, extra: Record<string, string> = {}): string {
  const h = mkdtempSync(join(tmpdir(), 'ep-home-'));
  mkdirSync(join(h, '.ssh'));
  writeFileSync(join(h, '.ssh', 'config'), config);
  for (const [f, t] of Object.entries(extra)) {
    mkdirSync(join(h, '.ssh', f, '..'), { recursive: true });
    writeFileSync(join(h, '.ssh', f), t);
  }
  return h;
}

test('destination parsing', () => {
  assert.deepEqual(parseDestination('edge@10.0.0.1:2222'), { user: 'edge', host: '10.0.0.1', port: 2222 });
  assert.deepEqual(parseDestination('ssh://a@h'), { user: 'a', host: 'h', port: undefined });
  assert.deepEqual(parseDestination('[fe80::1]:22'), { user: undefined, host: 'fe80::1', port: 22 });
  assert.deepEqual(parseDestination('dev'), { user: undefined, host: 'dev', port: undefined });
});

test('alias resolves HostName (%h), User, Port, IdentityFile with ~', () => {
  const h = home(`
Host dev-*
  HostName %h.lab.example
  User edge
  Port 2200
  IdentityFile ~/.ssh/id_dev
Host *
  IdentityFile ~/.ssh/id_all
`);
  const t = resolveTarget('dev-7', { home: h, defaultUser: 'nobody' });
  assert.equal(t.host, 'dev-7.lab.example');
  assert.equal(t.user, 'edge');
  assert.equal(t.port, 2200);
  assert.deepEqual(t.identityFiles, [join(h, '.ssh/id_dev'), join(h, '.ssh/id_all')]);
  assert.deepEqual(t.jumps, []);
  // explicit user and port win over the config
  const u = resolveTarget('root@dev-7:22', { home: h });
  assert.equal(u.user, 'root');
  assert.equal(u.port, 22);
  // unknown host: defaults
  const v = resolveTarget('10.1.1.1', { home: h, defaultUser: 'pi' });
  assert.deepEqual([v.host, v.port, v.user], ['10.1.1.1', 22, 'pi']);
});

test('ProxyJump chain: each hop resolved through the config, hop jumps first', () => {
  const h = home(`
Host bastion
  HostName 10.0.0.1
  User jump
Host inner
  HostName 10.0.1.1
  ProxyJump bastion
Host dev
  HostName 10.0.2.2
  User edge
  ProxyJump inner
Host multi
  HostName 10.0.3.3
  ProxyJump ops@bastion:2022,inner
`);
  const t = resolveTarget('dev', { home: h, defaultUser: 'me' });
  assert.deepEqual(t.jumps.map((j) => `${j.user}@${j.host}:${j.port}`), ['jump@10.0.0.1:22', 'me@10.0.1.1:22']);
  assert.ok(t.jumps.every((j) => j.jumps.length === 0));
  // "-J a,b": the last hop is reached through the earlier ones, overriding its own ProxyJump
  const m = resolveTarget('multi', { home: h, defaultUser: 'me' });
  assert.deepEqual(m.jumps.map((j) => `${j.user}@${j.host}:${j.port}`), ['ops@10.0.0.1:2022', 'me@10.0.1.1:22']);
});

test('Include is followed (relative to ~/.ssh, globs), first value wins', () => {
  const h = home(`Include conf.d/*.conf
Host dev
  User late
`, {
    'conf.d/10-dev.conf': 'Host dev\n  HostName 10.9.9.9\n  User early\n',
    'conf.d/20-other.conf': 'Host other\n  HostName 10.8.8.8\n',
  });
  const t = resolveTarget('dev', { home: h });
  assert.equal(t.host, '10.9.9.9');
  assert.equal(t.user, 'early');
  assert.equal(resolveTarget('other', { home: h }).host, '10.8.8.8');
});

test('Match exec is never run', () => {
  const marker = join(mkdtempSync(join(tmpdir(), 'ep-mx-')), 'ran');
  const r = new SshConfigResolver(`Match exec "touch ${marker}"\n  User evil\nHost x\n  User good\n`, { defaultUser: 'me' });
  const t = r.resolve('x');
  assert.equal(existsSync(marker), false);
  assert.notEqual(t.user, 'evil');
});

test('jump loops and ProxyCommand give clear errors', () => {
  const r = new SshConfigResolver('Host a\n  ProxyJump b\nHost b\n  ProxyJump a\nHost pc\n  ProxyCommand nc %h %p\n', { defaultUser: 'me' });
  assert.throws(() => r.resolve('a'), (e: unknown) => e instanceof UserFacingError && e.code === 'ssh-jump-loop');
  assert.throws(() => r.resolve('pc'), (e: unknown) => e instanceof UserFacingError && /ProxyJump/.test(e.hint));
});

test('a missing config file means defaults', () => {
  const t = resolveTarget('edge@host1', { configFile: '/nonexistent/config' });
  assert.deepEqual([t.user, t.host, t.port], ['edge', 'host1', 22]);
});
