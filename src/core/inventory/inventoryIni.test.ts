import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import { parseInventory } from './inventory';
import { parseIniInventory } from './inventoryIni';

const ini = `# the fleet
gw-1 ansible_host=10.0.0.1

[cameras]
cam-1 ansible_host=10.0.1.1 ansible_ssh_private_key_file=~/.ssh/cam ansible_ssh_common_args='-J gw-1'
cam-2 ansible_host=10.0.1.2 ansible_user=root ansible_ssh_pass=secret:cam-2-password edgeplane_labels="tier=b"

[site_a:children]
cameras

[site_a:vars]
ansible_port=2222
edgeplane_labels = edgeplane.dev/site=a;tier=a

[all:vars]
ansible_user=edge
ansible_port=22
`;

test('INI: host-line vars, group vars, nested children, all:vars; the nearer group wins', () => {
  const hosts = parseIniInventory(ini, 'hosts.ini', '/home/me');
  assert.deepEqual(hosts.map((h) => h.name), ['gw-1', 'cam-1', 'cam-2']);
  const gw = hosts[0]!;
  assert.equal(gw.host, '10.0.0.1');
  assert.equal(gw.user, 'edge');
  assert.equal(gw.port, 22);
  assert.deepEqual(gw.groups, []);
  const cam1 = hosts[1]!;
  assert.deepEqual(
    { host: cam1.host, user: cam1.user, port: cam1.port, identityFile: cam1.identityFile, proxyJump: cam1.proxyJump, source: cam1.source },
    { host: '10.0.1.1', user: 'edge', port: 2222, identityFile: '/home/me/.ssh/cam', proxyJump: 'gw-1', source: 'hosts.ini:5' },
  );
  assert.deepEqual(cam1.labels, { 'edgeplane.dev/site': 'a', tier: 'a' });
  assert.deepEqual(cam1.groups.sort(), ['cameras', 'site_a']);
  const cam2 = hosts[2]!;
  assert.equal(cam2.user, 'root');
  assert.equal(cam2.passwordRef, 'secret:cam-2-password');
  // A label on the host line replaces the group's labels (as a host var replaces a group var).
  assert.deepEqual(cam2.labels, { tier: 'b' });
});

test('INI: ranges, a host in two groups, JSON labels, grandchildren', () => {
  const text = `[edge:children]
west

[west:children]
pis

[pis]
pi[01:03] ansible_user=pi

[extra]
pi02 edgeplane_labels='{"edgeplane.dev/site": "w"}'

[edge:vars]
ansible_host_suffix=ignored
ansible_port=2200
`;
  const hosts = parseIniInventory(text, 'inv');
  assert.deepEqual(hosts.map((h) => h.name), ['pi01', 'pi02', 'pi03']);
  const pi02 = hosts[1]!;
  assert.equal(pi02.user, 'pi');
  assert.equal(pi02.port, 2200);
  assert.deepEqual(pi02.labels, { 'edgeplane.dev/site': 'w' });
  assert.deepEqual(pi02.groups.sort(), ['edge', 'extra', 'pis', 'west']);
  assert.equal(pi02.source, 'inv:8');
});

const fails = (text: string, pattern: RegExp): void => {
  assert.throws(() => parseIniInventory(text, 'f.ini'), (e: unknown) => e instanceof UserFacingError && pattern.test(e.message) && e.hint.length > 0, `expected ${pattern}`);
};

test('INI: malformed input names the line and what is wrong', () => {
  fails('[web\nd1\n', /^f\.ini:1: "\[web" is not a section header/);
  fails('[web:hosts_vars]\n', /^f\.ini:1: unknown section type ":hosts_vars"/);
  fails('[web]\nd1 ansible_host\n', /^f\.ini:2: "ansible_host" is not a key=value variable/);
  fails('[web]\nd1 ansible_host="10.0.0.1\n', /^f\.ini:2: a quoted value is not closed/);
  fails('[web:vars]\nthis is not a var\n', /^f\.ini:2: "this is not a var" is not a key=value variable \(in \[web:vars\]\)/);
  fails('[web:children]\na b\n', /^f\.ini:2: "a b" is not a group name/);
  fails('[a:children]\nb\n[b:children]\na\n[a]\nd1\n', /groups include each other: .*a -> b -> a|b -> a -> b/);
  fails('[web]\nd1 ansible_port=twenty\n', /^f\.ini:2: host "d1" has an invalid port "twenty"/);
  fails('[web]\nd1 ansible_port=70000\n', /^f\.ini:2: host "d1" has an invalid port/);
  fails('[web]\nBad_Name\n', /^f\.ini:2: host name "Bad_Name" cannot be a Node name/);
  fails('[web]\nd[5:1]\n', /^f\.ini:2: the range \[5:1\]/);
  fails('[web]\n', /lists no hosts/);
  fails('[web]\nd1 edgeplane_labels={nope\n', /^f\.ini:2: edgeplane_labels is not a JSON object/);
});

test('INI: a plain-text password is refused without echoing it', () => {
  assert.throws(
    () => parseIniInventory('[web]\nd1 ansible_host=10.0.0.1 ansible_ssh_pass=hunter22\n', 'f.ini'),
    (e: unknown) => e instanceof UserFacingError && /f\.ini:2 \(host "d1"\)/.test(e.message) && !e.display.includes('hunter22'),
  );
});

test('parseInventory reads INI by extension, or by a leading [section] in a file without one', () => {
  assert.equal(parseInventory('[web]\nd1 ansible_host=10.0.0.1\n', 'fleet.ini')[0]?.host, '10.0.0.1');
  assert.equal(parseInventory('# ansible\n[web]\nd1 ansible_host=10.0.0.2\n', '/etc/ansible/hosts')[0]?.host, '10.0.0.2');
  assert.equal(parseInventory('all:\n  hosts:\n    d1:\n', '/etc/ansible/hosts')[0]?.name, 'd1');
});
