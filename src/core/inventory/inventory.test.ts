import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import { parseCsvInventory, parseInventory, parseYamlInventory } from './inventory';

const yaml = `all:
  vars:
    ansible_user: edge
  hosts:
    gw-1:
      ansible_host: 10.0.0.1
  children:
    site_a:
      vars:
        ansible_port: 2222
        edgeplane_labels:
          edgeplane.dev/site: a
      hosts:
        cam-1:
          ansible_host: 10.0.1.1
          ansible_ssh_private_key_file: ~/.ssh/cam
          ansible_ssh_common_args: '-J gw-1'
        cam-2:
          ansible_host: 10.0.1.2
          ansible_user: root
          ansible_ssh_pass: secret:cam-2-password
`;

test('Ansible YAML: vars inherit down groups, host vars win, ~ expands', () => {
  const hosts = parseYamlInventory(yaml, 'inv.yaml', '/home/me');
  assert.deepEqual(hosts.map((h) => h.name), ['gw-1', 'cam-1', 'cam-2']);
  const cam1 = hosts.find((h) => h.name === 'cam-1')!;
  assert.equal(cam1.host, '10.0.1.1');
  assert.equal(cam1.user, 'edge');
  assert.equal(cam1.port, 2222);
  assert.equal(cam1.identityFile, '/home/me/.ssh/cam');
  assert.equal(cam1.proxyJump, 'gw-1');
  assert.deepEqual(cam1.labels, { 'edgeplane.dev/site': 'a' });
  assert.deepEqual(cam1.groups, ['site_a']);
  assert.equal(cam1.source, 'inv.yaml:14');
  const cam2 = hosts.find((h) => h.name === 'cam-2')!;
  assert.equal(cam2.user, 'root');
  assert.equal(cam2.passwordRef, 'secret:cam-2-password');
  assert.equal(hosts.find((h) => h.name === 'gw-1')?.port, undefined);
});

test('a plain-text password is refused without echoing it', () => {
  const bad = 'all:\n  hosts:\n    d1:\n      ansible_host: 10.0.0.9\n      ansible_ssh_pass: hunter22\n';
  assert.throws(() => parseYamlInventory(bad, 'inv.yaml'), (e: unknown) => e instanceof UserFacingError && /inv\.yaml:3 \(host "d1"\)/.test(e.message) && !e.display.includes('hunter22'));
});

test('YAML errors name the line and the host', () => {
  assert.throws(() => parseYamlInventory('all:\n  hosts:\n    d1: {ansible_host: 10.0.0.1\n', 'x.yaml'), (e: unknown) => e instanceof UserFacingError && /x\.yaml:\d+/.test(e.message));
  assert.throws(() => parseYamlInventory('all:\n  hosts:\n    d1:\n      ansible_port: 99999\n', 'x.yaml'), (e: unknown) => e instanceof UserFacingError && /x\.yaml:3: host "d1" has an invalid port/.test(e.message));
  assert.throws(() => parseYamlInventory('all:\n  hosts:\n    Bad_Name:\n', 'x.yaml'), (e: unknown) => e instanceof UserFacingError && /Bad_Name/.test(e.message));
  assert.throws(() => parseYamlInventory('all:\n  hosts: {}\n', 'x.yaml'), (e: unknown) => e instanceof UserFacingError && /no hosts/.test(e.message));
});

test('CSV: header, quoting, labels, comments; errors carry line numbers', () => {
  const csv = '# fleet\nname,host,user,port,identityFile,labels\nd1,10.0.0.1,edge,22,~/.ssh/k,"edgeplane.dev/site=a;tier=b"\n\nd2,10.0.0.2,,,,\n';
  const hosts = parseCsvInventory(csv, 'f.csv', '/h');
  assert.equal(hosts.length, 2);
  assert.deepEqual(hosts[0], { name: 'd1', host: '10.0.0.1', user: 'edge', port: 22, identityFile: '/h/.ssh/k', passwordRef: undefined, sudoPasswordRef: undefined, proxyJump: undefined, labels: { 'edgeplane.dev/site': 'a', tier: 'b' }, groups: [], source: 'f.csv:3' });
  assert.equal(hosts[1]?.user, undefined);
  assert.throws(() => parseCsvInventory('name,host\nd1,10.0.0.1\nd1,10.0.0.2\n', 'f.csv'), (e: unknown) => e instanceof UserFacingError && /f\.csv:3: host "d1" is defined twice \(also at f\.csv:2\)/.test(e.message));
  assert.throws(() => parseCsvInventory('name,host,colour\n', 'f.csv'), (e: unknown) => e instanceof UserFacingError && /unknown column/.test(e.message));
  assert.throws(() => parseCsvInventory('name,host\nd1,\n', 'f.csv'), (e: unknown) => e instanceof UserFacingError && /f\.csv:2: host "d1" has no address/.test(e.message));
  assert.throws(() => parseCsvInventory('name,host,password\nd1,10.0.0.1,s3cret!\n', 'f.csv'), (e: unknown) => e instanceof UserFacingError && !e.display.includes('s3cret!'));
});

test('parseInventory picks the format by extension', () => {
  assert.equal(parseInventory('name,host\nx,1.2.3.4\n', 'a.CSV').length, 1);
  assert.equal(parseInventory('all:\n  hosts:\n    x:\n', 'a.yml')[0]?.host, 'x');
});
