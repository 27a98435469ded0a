import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import { defaultKubeconfigPaths, loadKubeConfig } from './kubeconfig';

const dir = mkdtempSync(join(tmpdir(), 'kc-'));
const good = join(dir, 'good');
writeFileSync(good, `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:6443' } }]
users: [{ name: u, user: { token: abc } }]
contexts: [{ name: lab, context: { cluster: c, user: u } }]
current-context: lab
`);

test('selects an existing context', () => {
  const kc = loadKubeConfig('lab', good);
  assert.equal(kc.getCurrentCluster()?.server, 'https://127.0.0.1:6443');
});

test('a missing context names the ones that exist', () => {
  assert.throws(() => loadKubeConfig('nope', good), (e: unknown) =>
    e instanceof UserFacingError && e.code === 'kubeconfig-context-missing' && /lab/.test(e.hint));
});

test('a broken file says which file and what to do', () => {
  const bad = join(dir, 'bad');
  writeFileSync(bad, 'clusters: [unclosed');
  assert.throws(() => loadKubeConfig('lab', bad), (e: unknown) =>
    e instanceof UserFacingError && e.code === 'kubeconfig-broken' && e.message.includes(bad));
});

test('a missing file is reported, not thrown as ENOENT', () => {
  assert.throws(() => loadKubeConfig('lab', join(dir, 'absent')), (e: unknown) =>
    e instanceof UserFacingError && e.code === 'kubeconfig-missing');
});

test('KUBECONFIG lists several files', () => {
  assert.deepEqual(defaultKubeconfigPaths({ KUBECONFIG: '/a:/b' }), ['/a', '/b']);
});
