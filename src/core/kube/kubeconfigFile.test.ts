import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { UserFacingError } from '../errors';
import { buildKubeconfig } from '../pki/kubeconfigs';
import { mergeKubeconfigFile, mergeKubeconfigText, removeKubeconfigEntries, writePrivateFile } from './kubeconfigFile';

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

test('the temporary file is created exclusively: a planted symlink is never followed, and nothing is left behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kcf-'));
  const victim = join(dir, 'victim');
  writeFileSync(victim, 'untouched');
  // Whatever name a predictable writer would use, plant symlinks to the victim.
  for (const n of ['edge.kubeconfig.edgeplane-1.tmp', `edge.kubeconfig.edgeplane-${process.pid}.tmp`]) symlinkSync(victim, join(dir, n));
  const target = join(dir, 'edge.kubeconfig');
  await writePrivateFile(target, 'secret-content');
  assert.equal(readFileSync(victim, 'utf8'), 'untouched');
  assert.equal(readFileSync(target, 'utf8'), 'secret-content');
  assert.equal(lstatSync(target).isSymbolicLink(), false);
  assert.equal(statSync(target).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp') && !f.startsWith('edge.kubeconfig.edgeplane-')), []);
});

test('a failed write leaves the old file as it was and no temporary file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kcf-'));
  // The target is a directory: the final rename fails after the temporary file was written.
  const target = join(dir, 'config');
  mkdirSync(join(target, 'inside'), { recursive: true });
  await assert.rejects(writePrivateFile(target, 'x'));
  assert.deepEqual(readdirSync(dir), ['config']);
  assert.deepEqual(readdirSync(target), ['inside']);
});

test('a merge never replaces an entry Edgeplane did not write, and changes nothing then', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kcf-'));
  const file = join(dir, 'config');
  // The person's own context happens to have the name Edgeplane computes.
  const mine = stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'edgeplane-lab-edge-a', cluster: { server: 'https://mine:6443' } }], users: [], contexts: [], 'current-context': '' });
  writeFileSync(file, mine, { mode: 0o600 });
  await assert.rejects(mergeKubeconfigFile(ours('https://x:1'), file), (err: unknown) => {
    assert.ok(err instanceof UserFacingError);
    assert.equal(err.code, 'kubeconfig-name-taken');
    assert.match(err.display, /already has a cluster named "edgeplane-lab-edge-a" that Edgeplane did not write; Edgeplane never overwrites it/);
    return true;
  });
  assert.equal(readFileSync(file, 'utf8'), mine);
  assert.deepEqual(readdirSync(dir), ['config']);
});

test('merged entries carry Edgeplane\'s mark, which kubectl keeps and ignores', () => {
  const doc = parse(mergeKubeconfigText(undefined, ours('https://x:1')).text);
  for (const [list, inner] of [['clusters', 'cluster'], ['users', 'user'], ['contexts', 'context']] as const) {
    assert.deepEqual(doc[list][0][inner].extensions, [{ name: 'edgeplane.dev/written-by', extension: { writer: 'edgeplane' } }]);
  }
});

test("removing a control plane's entries takes only Edgeplane's, for that control plane, and unsets a current-context that pointed there", () => {
  const merged = mergeKubeconfigText(theirs, ours('https://10.0.0.1:30000'), true).text;
  const cluster = (parse(ours('https://10.0.0.1:30000')) as { clusters: { name: string }[] }).clusters[0]!.name;
  const r = removeKubeconfigEntries(merged, cluster);
  assert.ok(r.removed.some((x) => x.startsWith('context ')) && r.removed.some((x) => x.startsWith('user ')) && r.removed.some((x) => x.startsWith('cluster ')), r.removed.join(', '));
  const doc = parse(r.text) as { contexts: { name: string }[]; clusters: { name: string }[]; 'current-context'?: string };
  assert.deepEqual(doc.contexts.map((c) => c.name), (parse(theirs) as { contexts: { name: string }[] }).contexts.map((c) => c.name), 'their contexts stay');
  assert.ok(!doc.clusters.some((c) => c.name === cluster));
  assert.equal(doc['current-context'], undefined);
  // Nothing of that name carries our mark any more: a second removal changes nothing.
  assert.deepEqual(removeKubeconfigEntries(r.text, cluster).removed, []);
});

test('an entry someone wrote by hand under the same name is left where it is', () => {
  const handWritten = theirs.replace('contexts: [{ name: prod,', 'contexts: [{ name: edgeplane-lab-edge-a, context: { cluster: prod, user: prod-admin } }, { name: prod,');
  const r = removeKubeconfigEntries(handWritten, 'edgeplane-lab-edge-a');
  assert.deepEqual(r.removed, []);
  assert.equal(r.text, handWritten);
});
