// Bootstrap over a slow, lossy link behind NAT: a lab site shaped to +100 ms
// round trip, 1 % loss each way and 4 Mbit/s. The first run is cut in the
// middle of the bundle upload; the second resumes from what reached the
// device (its bytes on the wire show it did not send the first part again)
// and the device joins. Needs root and the lab.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { ensureNodeBundle } from '../../components/bundle';
import { bootstrapDevice } from '../../src/core/bootstrap/bootstrap';
import { nodeReady, readNode } from '../../src/core/bootstrap/cluster';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { UserFacingError } from '../../src/core/errors';
import { addDevice, bootstrapOptionsFor, ensureLabControlPlane, lab, labSeed, memoryStateStore, type LabDevice } from '../../bench/bootstrap/labFixture';
import { eventually } from '../support/eventually';

const cp = 'sslow';
const site = 's-slow';
const state = memoryStateStore();
let cluster: KubeConfig;
let device: LabDevice;

/** "bundle upload: 12.3 MB of 62.2 MB (19 %) at 480 kB/s" -> bytes done, total, rate. */
function parseProgress(m: string): { done: number; total: number; rate: number } | undefined {
  const r = /bundle upload: ([\d.]+) MB of ([\d.]+) MB \(\d+ %\) at (\d+) kB\/s/.exec(m);
  return r ? { done: Number(r[1]) * 1e6, total: Number(r[2]) * 1e6, rate: Number(r[3]) * 1e3 } : undefined;
}

function tcpOpen(host: string, port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const s = connect(port, host);
    s.setTimeout(3000, () => {
      s.destroy();
      resolve(undefined);
    });
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(undefined));
  });
}

before(async () => {
  try {
    lab(['site', 'remove', site, '--force']);
  } catch {
    // none yet
  }
  lab(['site', 'add', site, '--nat', '--delay', '100', '--loss', '1', '--rate', '4000']);
  device = addDevice('s-slow1', { site });
  cluster = await ensureLabControlPlane(cp);
});

after(async () => {
  try {
    lab(['site', 'heal', site]);
    lab(['site', 'remove', site, '--force']);
  } catch {
    // best effort
  }
  await deleteControlPlane(labSeed, cp).catch(() => undefined);
});

test('a device on a shaped NAT site joins; a cut in the middle of the upload resumes without sending the first part again', async () => {
  const bundle = await ensureNodeBundle();
  const total = statSync(bundle.path).size;
  console.log(`bundle: ${bundle.path}, ${total} bytes`);

  // Run 1: cut the site once 40 % of the bundle is on the device.
  const first: string[] = [];
  let cutAt = 0;
  const progress1 = {
    report: (r: { message: string }) => {
      first.push(r.message);
      const p = parseProgress(r.message);
      if (p && cutAt === 0 && p.done >= 0.4 * p.total) {
        cutAt = p.done;
        lab(['site', 'cut', site]);
      }
    },
  };
  await assert.rejects(
    bootstrapDevice(await bootstrapOptionsFor(device, { cluster, controlPlane: cp, state }, { progress: progress1, ssh: { keepaliveIntervalMs: 2000 } })),
    (e: unknown) => e instanceof UserFacingError,
  );
  assert.ok(cutAt > 0, `the site was cut during the upload (progress seen: ${first.slice(-3).join(' | ')})`);
  lab(['site', 'heal', site]);
  // As a person would: run again once the site answers SSH again.
  const wan = (JSON.parse(lab(['site', 'list', '--json']).trim() || '[]') as Array<{ name: string; wanAddress: string }>).find((s) => s.name === site)?.wanAddress ?? '';
  await eventually('the site\'s jump host answering after the heal', () => tcpOpen(wan, 22), 60_000);

  // Run 2: resumes; what it sends over SSH is the rest of the bundle plus the other steps' few kB.
  const second: string[] = [];
  const r = await bootstrapDevice(await bootstrapOptionsFor(device, { cluster, controlPlane: cp, state }, { progress: { report: (m) => second.push(m.message) } }));
  const install = r.steps.find((s) => s.step === 'install');
  console.log(`run 1 cut at ${cutAt} bytes of ${total}; run 2: ${install?.detail}; ${r.bytesSent} bytes sent over SSH`);
  const resumedAt = Number(/resumed at ([\d.]+) MB/.exec(install?.detail ?? '')?.[1] ?? 0) * 1e6;
  assert.ok(resumedAt >= cutAt * 0.9, `resumed at ${resumedAt}, the cut came at ${cutAt}`);
  assert.ok(r.bytesSent < total - cutAt + 3_000_000, `run 2 sent ${r.bytesSent} bytes: not the first ${cutAt} again`);
  assert.ok(r.bytesSent > total - resumedAt, `run 2 sent at least the rest (${total - resumedAt} bytes)`);
  const seen = second.map(parseProgress).filter((p) => p !== undefined);
  assert.ok(seen.length > 0 && seen.every((p) => p.total === seen[0]!.total && p.rate > 0), `progress shows bytes and rate: ${second.filter((m) => m.includes('upload')).slice(0, 2).join(' | ')}`);
  assert.ok(seen[0]!.done >= resumedAt, 'progress starts from the resumed offset');
  await eventually('the Node Ready', async () => (nodeReady(await readNode(cluster, r.nodeName)) ? true : undefined), 180_000);
});
