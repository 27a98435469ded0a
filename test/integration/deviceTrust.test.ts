// Issue 12, device items, against lab devices (real sshd, sudo, iptables in
// the device's namespaces): reset deletes nothing on a device whose join
// record names another Node or is missing, never removes a directory it has
// no record of creating, never runs text iptables printed; a wrong remembered
// sudo password is forgotten and asked again. The "edge cluster" here is the
// lab seed itself: reset only looks for a Node and token Secrets named after
// the device there (none exist but the marker Secret this test makes).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { acceptAll, addDevice, deviceSnapshot, labKnownHosts, labSsh, memoryStateStore, removeDevice, snapshotDiff, targetFor, type LabDevice } from '../../bench/bootstrap/labFixture';
import { seedContext, seedKubeconfig } from '../../lab/config';
import { resetDevice } from '../../src/core/bootstrap/reset';
import { UserFacingError } from '../../src/core/errors';
import type { Prompter, SecretQuestion } from '../../src/core/ports';
import { labels, managerName } from '../../src/core/seeds';
import { connect } from '../../src/core/ssh/connect';
import { Remote } from '../../src/core/ssh/exec';
import { describeTarget } from '../../src/core/ssh/sshConfig';
import { lookupSecret, secretKey } from '../../src/extension/adapters/secretLookup';

const state = memoryStateStore();
const made: string[] = [];
const marker = 'secb-reset-marker';
let seed: KubeConfig;
let dev: LabDevice;

function device(name: string, opts: Parameters<typeof addDevice>[1] = {}): LabDevice {
  removeDevice(name);
  made.push(name);
  return addDevice(name, opts);
}

async function asRoot(d: LabDevice, script: string): Promise<string> {
  const conn = await connect(targetFor(d.name), { prompter: acceptAll, state, knownHostsFiles: [labKnownHosts], agentSocket: '', password: d.password });
  try {
    return (await new Remote(conn, { prompter: acceptAll, sudoPassword: d.sudoPassword }).sudoCheck('test setup', script, { quiet: true })).stdout;
  } finally {
    conn.close();
  }
}

const core = () => seed.makeApiClient(CoreV1Api);
async function markerExists(): Promise<boolean> {
  const list = await core().listNamespacedSecret({ namespace: 'kube-system', labelSelector: `${labels.device}=${dev.name}` });
  return list.items.some((s) => s.metadata?.name === marker);
}

/** What a bootstrapped device looks like to reset, plus an iptables rule whose comment is a command. */
function plant(record: string | undefined, createdDirs: string | undefined): string {
  return `set -e
mkdir -p /etc/edgeplane /etc/cni/net.d /opt/cni/bin /var/lib/edgeplane /usr/local/lib/edgeplane
echo keep > /etc/cni/keep
echo not-really-kubelet > /usr/local/bin/kubelet
rm -f /etc/edgeplane/node.json /var/lib/edgeplane/created-dirs /tmp/secb-pwned
${record === undefined ? '' : `printf '%s\\n' '${record}' > /etc/edgeplane/node.json`}
${createdDirs === undefined ? '' : `printf '${createdDirs}' > /var/lib/edgeplane/created-dirs`}
iptables -N CNI-SECB 2>/dev/null || true
iptables -C INPUT -m comment --comment '$(touch /tmp/secb-pwned)' -j CNI-SECB 2>/dev/null || iptables -A INPUT -m comment --comment '$(touch /tmp/secb-pwned)' -j CNI-SECB`;
}

const reset = (nodeName = dev.name) =>
  resetDevice({ target: targetFor(dev.name), cluster: seed, nodeName, controlPlane: 'secb', ssh: labSsh(state) });

before(async () => {
  seed = new KubeConfig();
  seed.loadFromFile(seedKubeconfig);
  seed.setCurrentContext(seedContext);
  dev = device('secb-r1');
  await core().deleteNamespacedSecret({ name: marker, namespace: 'kube-system' }).catch(() => undefined);
  await core().createNamespacedSecret({ namespace: 'kube-system', body: { metadata: { name: marker, labels: { [labels.device]: dev.name, [labels.managedBy]: managerName } }, stringData: { what: 'reset must leave this alone unless the device is this node' } } });
});

after(async () => {
  for (const n of made.reverse()) removeDevice(n);
  await core().deleteNamespacedSecret({ name: marker, namespace: 'kube-system' }).catch(() => undefined);
});

test('hostile: reset of a device whose join record names another node is refused; nothing is deleted on it or in the cluster', async () => {
  await asRoot(dev, plant('{"nodeName":"someone-else","controlPlane":"secb"}', '/etc/cni\\n/opt/cni\\n'));
  const before = await deviceSnapshot(dev.name, state);
  await assert.rejects(reset(), (e: unknown) => {
    assert.ok(e instanceof UserFacingError, String(e));
    assert.equal(e.code, 'reset-wrong-device');
    assert.match(e.message, /says it is Node "someone-else".*not "secb-r1".*deleted nothing/);
    return true;
  });
  assert.equal(snapshotDiff(before, await deviceSnapshot(dev.name, state)), '', 'the device is unchanged');
  assert.ok(await markerExists(), "the device's token Secrets in the cluster are untouched");
});

test('hostile: reset of a device without a join record is refused; nothing is deleted', async () => {
  await asRoot(dev, plant(undefined, '/etc/cni\\n/opt/cni\\n'));
  const before = await deviceSnapshot(dev.name, state);
  await assert.rejects(reset(), (e: unknown) => e instanceof UserFacingError && e.code === 'reset-no-join-record' && /no Edgeplane join record/.test(e.message));
  assert.equal(snapshotDiff(before, await deviceSnapshot(dev.name, state)), '');
  assert.ok(await markerExists());
});

test('hostile: without a created-dirs record reset removes no directory, and never runs an iptables comment', async () => {
  await asRoot(dev, plant('{"nodeName":"secb-r1","controlPlane":"secb"}', undefined));
  const r = await reset();
  assert.equal(r.nodeName, 'secb-r1');
  assert.equal(r.tokensDeleted, 1, 'once the record names the node, its token Secrets go');
  const after = await asRoot(dev, `for p in /etc/cni /etc/cni/keep /opt/cni /usr/local/bin/kubelet /tmp/secb-pwned; do [ -e $p ] && echo "has $p" || echo "no $p"; done
iptables -S | grep -c SECB || true`);
  assert.deepEqual(after.trim().split('\n'), ['has /etc/cni', 'has /etc/cni/keep', 'has /opt/cni', 'no /usr/local/bin/kubelet', 'no /tmp/secb-pwned', '0']);
});

test('hostile: a created-dirs record naming a directory Edgeplane does not own is ignored for that directory', async () => {
  await asRoot(dev, `${plant('{"nodeName":"secb-r1","controlPlane":"secb"}', '/home/edge\\n/etc/cni\\n')}\ntouch /home/edge/precious`);
  await reset();
  const after = await asRoot(dev, 'for p in /home/edge/precious /etc/cni /opt/cni; do [ -e $p ] && echo "has $p" || echo "no $p"; done');
  assert.deepEqual(after.trim().split('\n'), ['has /home/edge/precious', 'no /etc/cni', 'has /opt/cni']);
});

/** A memory keychain and the extension's own lookup: keychain first, the person when the last answer was rejected. */
function keychainPrompter(person: (q: SecretQuestion) => string | undefined): { prompter: Prompter; secrets: Map<string, string>; asked: SecretQuestion[] } {
  const secrets = new Map<string, string>();
  const store = { get: async (k: string) => secrets.get(k), set: async (k: string, v: string) => void secrets.set(k, v), delete: async (k: string) => void secrets.delete(k) };
  const asked: SecretQuestion[] = [];
  const prompter: Prompter = { confirmHostKey: async () => true, askSecret: (q) => lookupSecret(q, { secrets: store, ask: async (x) => (asked.push(x), person(x)) }) };
  return { prompter, secrets, asked };
}

test('hostile: a wrong remembered login password and a wrong remembered sudo password are forgotten and asked again', async () => {
  const pw = device('secb-s1', { auth: 'password' });
  const target = targetFor(pw.name);
  const label = describeTarget(target);
  const k = keychainPrompter((q) => (q.kind === 'sudo' ? pw.sudoPassword : pw.password));
  k.secrets.set(secretKey({ kind: 'password', target: label }), 'remembered-login-but-wrong');
  k.secrets.set(secretKey({ kind: 'sudo', target: label }), 'remembered-sudo-but-wrong');
  // No password handed in: the remembered one is offered, refused, forgotten; the person is asked.
  const conn = await connect(target, { prompter: k.prompter, state, knownHostsFiles: [labKnownHosts], agentSocket: '' });
  try {
    assert.deepEqual(k.asked.map((q) => [q.kind, q.rejected]), [['password', true]]);
    assert.equal(k.secrets.has(secretKey({ kind: 'password', target: label })), false, 'the wrong login password is no longer remembered');
    // A wrong password handed in (e.g. an inventory's sudoPassword) is tried first; then the
    // prompter offers the remembered one, also wrong; then it must ask the person.
    const remote = new Remote(conn, { prompter: k.prompter, sudoPassword: 'handed-in-but-wrong' });
    assert.equal(await remote.sudoMode(), 'password');
    assert.deepEqual(k.asked.map((q) => [q.kind, q.rejected]), [['password', true], ['sudo', true]]);
    assert.equal(k.secrets.has(secretKey({ kind: 'sudo', target: label })), false, 'the wrong sudo password is no longer remembered');
    assert.equal((await remote.sudoCheck('id', 'id -u', { quiet: true })).stdout.trim(), '0');
  } finally {
    conn.close();
  }
});
