import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { buildKubeconfig } from '../pki/kubeconfigs';
import { mergeKubeconfigFile, mergeKubeconfigText, writePrivateFile } from './kubeconfigFile';

const theirs = `apiVersion: v1
kind: Config
clusters: [{ name: prod, cluster: { server: 'https://prod:6443' } }]
users: [{ name: prod-admin, user: { token: abc } }]
contexts: [{ name: prod, context: { cluster: prod, user: prod-admin } }]
current-context: prod
`;
const ours = (server: string): string =>
  buildKubeconfig({ clusterName: 'edgeplane-lab-edge-a', userName: 'edgeplane-lab-edge-a-admin', server, caPem: 'CA', certPem: 'CERT', keyPem: 'KEY' });

test('merging adds our context and keeps every other entry and the current context', () => {
  const { text, context } = mergeKubeconfigText(theirs, ours('https://10.0.0.1:30000'));
  const doc = parse(text);
  assert.equal(context, 'edgeplane-lab-edge-a');
  assert.deepEqual(doc.contexts.map((c: { name: string }) => c.name), ['prod', 'edgeplane-lab-edge-a']);
  assert.deepEqual(doc.users.map((c: { name: string }) => c.name), ['prod-admin', 'edgeplane-lab-edge-a-admin']);
  assert.equal(doc['current-context'], 'prod');
  assert.equal(doc.users[0].user.token, 'abc');
});

test('merging again replaces our entries instead of duplicating them', () => {
  const once = mergeKubeconfigText(theirs, ours('https://10.0.0.1:30000')).text;
  const twice = parse(mergeKubeconfigText(once, ours('https://10.0.0.2:30001'), true).text);
  assert.equal(twice.clusters.length, 2);
  assert.equal(twice.clusters[1].cluster.server, 'https://10.0.0.2:30001');
  assert.equal(twice['current-context'], 'edgeplane-lab-edge-a');
});

test('files are written with mode 0600, also when merged into an existing file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kcf-'));
  const exported = join(dir, 'sub', 'edge.kubeconfig');
  await writePrivateFile(exported, ours('https://x:1'));
  assert.equal(statSync(exported).mode & 0o777, 0o600);
  const existing = join(dir, 'config');
  writeFileSync(existing, theirs, { mode: 0o644 });
  const r = await mergeKubeconfigFile(ours('https://x:1'), existing);
  assert.equal(r.file, existing);
  assert.equal(statSync(existing).mode & 0o777, 0o600);
  assert.match(readFileSync(existing, 'utf8'), /prod-admin/);
});
