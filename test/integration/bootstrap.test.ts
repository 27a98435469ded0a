// Device bootstrap against the lab: a real seed, a real hosted control plane,
// real devices (netns + private mounts + sshd), real containerd and kubelet.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { CoreV1Api } from '@kubernetes/client-node';
import { bootstrapDevice } from '../../src/core/bootstrap/bootstrap';
import { nodeReady, readNode } from '../../src/core/bootstrap/cluster';
import { resetDevice } from '../../src/core/bootstrap/reset';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { UserFacingError } from '../../src/core/errors';
import type { StateStore } from '../../src/core/ports';
import { pinHostKey } from '../../src/core/ssh/hostKeys';
import {
  addDevice, bootstrapOptionsFor, deviceSnapshot, ensureLabControlPlane, lab, labSeed, labSsh, memoryStateStore, removeDevice, snapshotDiff, targetFor, type LabDevice,
} from '../../bench/bootstrap/labFixture';

const cp = 'bs5t';
let cluster: KubeConfig;
const state: StateStore = memoryStateStore();
const made: string[] = [];

function device(name: string, opts: Parameters<typeof addDevice>[1] = {}): LabDevice {
  removeDevice(name);
  made.push(name);
  return addDevice(name, opts);
}

async function tokensFor(name: string): Promise<number> {
  const list = await cluster.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace: 'kube-system', labelSelector: `edgeplane.dev/device=${name}` });
  return list.items.length;
}

async function reset(d: LabDevice): Promise<void> {
  await resetDevice({ target: targetFor(d.name), cluster, ssh: labSsh(state), credentials: d.auth === 'password' ? { password: d.password, sudoPassword: d.sudoPassword } : undefined });
}

before(async () => {
  cluster = await ensureLabControlPlane(cp);
});

after(async () => {
  for (const n of made.reverse()) removeDevice(n);
  await deleteControlPlane(labSeed, cp).catch(() => undefined);
});

test('a device joins and is Ready; a second run acts on nothing; reset restores its state before bootstrap', async () => {
  const d = device('b5j');
  const pre = await deviceSnapshot(d.name, state);
  const r = await bootstrapDevice(await bootstrapOptionsFor(d, { cluster, controlPlane: cp, state }));
  assert.equal(r.nodeName, 'b5j');
  const node = await readNode(cluster, 'b5j');
  assert.ok(nodeReady(node), 'Node Ready');
  assert.equal(node?.metadata?.labels?.['edgeplane.dev/device'], 'b5j');
  assert.ok(r.steps.find((s) => s.step === 'install')?.acted);
  assert.equal(await tokensFor('b5j'), 0, 'the bootstrap token is deleted when done');

  const again = await bootstrapDevice(await bootstrapOptionsFor(d, { cluster, controlPlane: cp, state }));
  assert.deepEqual(again.steps.filter((s) => s.acted).map((s) => s.step), [], 'no step acted on a joined device');
  assert.ok(again.bytesSent < 1_000_000, `a converged run sends no bundle (${again.bytesSent} bytes)`);

  await reset(d);
  assert.equal(await readNode(cluster, 'b5j'), undefined, 'Node removed');
  const post = await deviceSnapshot(d.name, state);
  assert.equal(snapshotDiff(pre, post), '', 'device back to its state before bootstrap');
});

test('a device behind a bastion joins through it', async () => {
  const bastion = device('b5b');
  const inner = device('b5c', { behind: bastion.name });
  const target = targetFor(inner.name);
  assert.equal(target.jumps.length, 1);
  const r = await bootstrapDevice(await bootstrapOptionsFor(inner, { cluster, controlPlane: cp, state }));
  assert.ok(nodeReady(await readNode(cluster, r.nodeName)));
  await reset(inner);
});

test('a password device with a sudo password joins; the password appears in no log line', async () => {
  const d = device('b5p', { auth: 'password' });
  assert.ok(d.sudoPassword);
  const lines: string[] = [];
  const logger = { log: (_l: string, m: string) => void lines.push(m) };
  const r = await bootstrapDevice(await bootstrapOptionsFor(d, { cluster, controlPlane: cp, state }, { logger }));
  assert.ok(nodeReady(await readNode(cluster, r.nodeName)));
  assert.ok(lines.length > 5);
  assert.ok(!lines.join('\n').includes(d.sudoPassword as string));
  assert.doesNotMatch(lines.join('\n'), /[a-z0-9]{6}\.[a-z0-9]{16}/, 'no bootstrap token in the logs');
  await reset(d);
});

test('a changed host key is refused before any command runs (known_hosts and pinned keys)', async () => {
  const d = device('b5k');
  const pre = await deviceSnapshot(d.name, state);
  // The key the person saw before the device was "reinstalled": any other key for that address.
  const dir = mkdtempSync(join(tmpdir(), 'ep-kh-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'old')]);
  const oldKey = readFileSync(join(dir, 'old.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  const kh = join(dir, 'known_hosts');
  writeFileSync(kh, `${d.address} ${oldKey}\n`);
  const check = (e: unknown): boolean => {
    assert.ok(e instanceof UserFacingError, String(e));
    assert.equal(e.code, 'ssh-host-key-changed');
    assert.match(e.message, /was SHA256:\S+ .* is now SHA256:\S+/);
    assert.match(e.hint, /reinstalled/);
    return true;
  };
  // Only the person's files: the lab's ssh config also names its own (current) known_hosts.
  const target = { ...targetFor(d.name), knownHostsFiles: [] };
  await assert.rejects(bootstrapDevice(await bootstrapOptionsFor(d, { cluster, controlPlane: cp, state }, { target, ssh: { knownHostsFiles: [kh] } })), check);
  // Same with a key Edgeplane pinned earlier (no known_hosts entry at all).
  const pinned = memoryStateStore();
  await pinHostKey(pinned, d.address, 22, Buffer.from(oldKey.split(' ')[1] as string, 'base64'));
  await assert.rejects(bootstrapDevice(await bootstrapOptionsFor(d, { cluster, controlPlane: cp, state: pinned }, { target, ssh: { knownHostsFiles: [] } })), check);
  assert.equal(snapshotDiff(pre, await deviceSnapshot(d.name, state)), '', 'nothing ran on the device');
  assert.equal(await tokensFor(d.name), 0);
});

test('hostile labels or a hostile mirror URL are refused before anything connects: nothing on the device, no token', async () => {
  const d = device('seca1');
  const pre = await deviceSnapshot(d.name, state);
  const base = await bootstrapOptionsFor(d, { cluster, controlPlane: cp, state });
  await assert.rejects(bootstrapDevice({ ...base, labels: { 'edgeplane.dev/site': 'x --anonymous-auth=true --authorization-mode=AlwaysAllow' } }), (e: unknown) =>
    e instanceof UserFacingError && e.code === 'label-invalid' && /label value "x --anonymous-auth=true --authorization-mode=AlwaysAllow" may hold only/.test(e.message));
  await assert.rejects(bootstrapDevice({ ...base, labels: { site: 'a,node-role.kubernetes.io/control-plane=' } }), (e: unknown) => e instanceof UserFacingError && e.code === 'label-invalid');
  await assert.rejects(bootstrapDevice({ ...base, artifacts: { kind: 'mirror', url: 'https://u:pw@m.example/b"$(touch /seca)".tgz?sig=x', sha256: 'a'.repeat(64) } }), (e: unknown) =>
    e instanceof UserFacingError && e.code === 'mirror-url-invalid' && !/pw|sig=x/.test(e.display));
  assert.equal(snapshotDiff(pre, await deviceSnapshot(d.name, state)), '', 'nothing ran on the device');
  assert.equal(await tokensFor(d.name), 0);
  assert.equal(await readNode(cluster, d.name), undefined);
});

test('wrong password, unreachable address, too little memory: clear messages, nothing half-installed', async () => {
  const p = device('b5w', { auth: 'password' });
  const pre = await deviceSnapshot(p.name, state);
  await assert.rejects(bootstrapDevice(await bootstrapOptionsFor(p, { cluster, controlPlane: cp, state }, { credentials: { password: 'not-the-password' } })), (e: unknown) => e instanceof UserFacingError && e.code === 'ssh-auth-failed' && /methods tried: .*password/.test(e.message));
  assert.equal(snapshotDiff(pre, await deviceSnapshot(p.name, state)), '');

  const gone = { ...targetFor(p.name), name: 'nowhere', host: '10.213.0.254' };
  await assert.rejects(bootstrapDevice(await bootstrapOptionsFor(p, { cluster, controlPlane: cp, state }, { target: gone, ssh: { readyTimeoutMs: 5000 } })), (e: unknown) => e instanceof UserFacingError && ['ssh-unreachable', 'ssh-timeout'].includes(e.code) && /10\.213\.0\.254/.test(e.message));

  const small = device('b5m', { memory: '128M' });
  const preSmall = await deviceSnapshot(small.name, state);
  await assert.rejects(bootstrapDevice(await bootstrapOptionsFor(small, { cluster, controlPlane: cp, state })), (e: unknown) => e instanceof UserFacingError && e.code === 'preflight-memory' && /128 MiB/.test(e.message));
  assert.equal(snapshotDiff(preSmall, await deviceSnapshot(small.name, state)), '');
  assert.equal(await tokensFor(small.name), 0);
});

test('a link cut during install, then healed: a re-run completes without manual cleanup', async () => {
  const d = device('b5x');
  let cut = false;
  const progress = {
    report: (r: { message: string }) => {
      if (!cut && /Installing/.test(r.message)) {
        cut = true;
        // Let the upload start, then cut the link under it.
        setTimeout(() => lab(['device', 'cut', d.name]), 300);
      }
    },
  };
  await assert.rejects(bootstrapDevice(await bootstrapOptionsFor(d, { cluster, controlPlane: cp, state }, { progress, ssh: { keepaliveIntervalMs: 1000 } })), (e: unknown) => e instanceof UserFacingError);
  assert.ok(cut);
  lab(['device', 'heal', d.name]);
  const r = await bootstrapDevice(await bootstrapOptionsFor(d, { cluster, controlPlane: cp, state }));
  assert.ok(r.steps.find((s) => s.step === 'install')?.acted);
  assert.ok(nodeReady(await readNode(cluster, r.nodeName)));
  assert.equal(await tokensFor(d.name), 0, 'the token of the cut run is gone too');
  await reset(d);
});
