import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import type { BootstrapOptions, BootstrapResult } from '../bootstrap/types';
import { bootstrapInventory, formatFleetSummary, targetForHost } from './fleet';
import { parseCsvInventory } from './inventory';
import { SshConfigResolver } from '../ssh/sshConfig';

const hosts = parseCsvInventory(['name,host,user,port,password', ...Array.from({ length: 7 }, (_, i) => `d${i},10.0.0.${i},edge,22,${i === 3 ? 'secret:d3' : ''}`)].join('\n'), 'f.csv');

test('bounded concurrency, one failure does not stop the others, per-device summary', async () => {
  let running = 0;
  let peak = 0;
  const seen: BootstrapOptions[] = [];
  const fake = async (o: BootstrapOptions): Promise<BootstrapResult> => {
    seen.push(o);
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    if (o.target.name === 'd2') throw new UserFacingError('ssh-auth-failed', 'd2: auth failed.', 'Check the key.');
    return { device: o.target.name, nodeName: o.nodeName ?? '', steps: [{ step: 'install', acted: o.target.name !== 'd4', detail: '' }], bytesSent: 1, warnings: [] };
  };
  const secrets = { get: async (k: string) => (k === 'edgeplane.inventory.d3' ? 'pw-d3' : undefined), set: async () => undefined, delete: async () => undefined };
  const s = await bootstrapInventory({ hosts, base: {} as BootstrapOptions, concurrency: 3, bootstrap: fake, secrets, ssh: { configFile: '/nonexistent' } });
  assert.equal(peak, 3);
  assert.equal(s.succeeded, 6);
  assert.equal(s.failed, 1);
  assert.deepEqual(s.outcomes.map((x) => x.name), hosts.map((h) => h.name));
  assert.equal(s.outcomes[2]?.errorCode, 'ssh-auth-failed');
  assert.deepEqual(s.outcomes[4]?.acted, []);
  assert.equal(seen.find((o) => o.target.name === 'd3')?.credentials?.password, 'pw-d3');
  const table = formatFleetSummary(s);
  assert.match(table, /6 joined, 1 failed/);
  assert.match(table, /FAIL d2 .*auth failed/);
  assert.match(table, /OK {3}d4 .*already joined/);
  assert.doesNotMatch(table, /pw-d3/);
});

test('inventory fields win over the SSH config; jump hosts resolve through it', () => {
  const r = new SshConfigResolver('Host gw\n  HostName 10.9.9.9\n  User jump\nHost 10.0.0.5\n  User cfguser\n  Port 2200\n', { defaultUser: 'me' });
  const [h] = parseCsvInventory('name,host,identityFile,proxyJump\nx,10.0.0.5,/k,gw\n', 'f.csv');
  const t = targetForHost(h!, r);
  assert.deepEqual([t.name, t.host, t.user, t.port, t.identityFiles[0], t.jumps[0]?.host, t.jumps[0]?.user], ['x', '10.0.0.5', 'cfguser', 2200, '/k', '10.9.9.9', 'jump']);
});

test('an inventory reaches only secrets stored for inventories, never another stored key', async () => {
  // The store also holds a remembered SSH password and a secret outside the inventory namespace.
  const store = new Map([['edgeplane.ssh.password.edge@10.0.0.1', 'ssh-pw'], ['other', 'not-for-inventories'], ['edgeplane.inventory.ok', 'inv-pw']]);
  const secrets = { get: async (k: string) => store.get(k), set: async () => undefined, delete: async () => undefined };
  const seen: BootstrapOptions[] = [];
  const fake = async (o: BootstrapOptions): Promise<BootstrapResult> => {
    seen.push(o);
    return { device: o.target.name, nodeName: o.nodeName ?? '', steps: [], bytesSent: 0, warnings: [] };
  };
  const inv = parseCsvInventory('name,host,password\na1,10.0.0.1,secret:other\na2,10.0.0.2,secret:ok', 'f.csv');
  const s = await bootstrapInventory({ hosts: inv, base: {} as BootstrapOptions, bootstrap: fake, secrets, ssh: { configFile: '/nonexistent' } });
  assert.equal(s.outcomes[0]?.ok, false);
  assert.equal(s.outcomes[0]?.errorCode, 'inventory-secret-missing');
  assert.match(s.outcomes[0]?.error ?? '', /Store Inventory Secret/);
  assert.deepEqual(seen.map((o) => [o.target.name, o.credentials?.password]), [['a2', 'inv-pw']], 'a1 never ran');
  // A key of another namespace cannot even be written as a reference.
  assert.throws(() => parseCsvInventory('name,host,password\na1,10.0.0.1,secret:edgeplane.ssh.password.edge@10.0.0.1', 'f.csv'), /invalid secret/);
});
