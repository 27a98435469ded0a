// An arm64 device, emulated: a lab device whose `uname -m` says aarch64 (lab/devices/emulation.ts)
// is offered both node bundles and must get the linux-arm64 one; its kubelet and containerd
// are aarch64 programs run by qemu-user, and the node joins with arch arm64. Pods cannot
// start under user-mode emulation (see lab/README.md), and bootstrap must say so.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { bootstrapDevice } from '../../src/core/bootstrap/bootstrap';
import { nodeReady, readNode } from '../../src/core/bootstrap/cluster';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { UserFacingError } from '../../src/core/errors';
import type { StateStore } from '../../src/core/ports';
import { ensureNodeBundle } from '../../components/bundle';
import { kubernetesVersion } from '../../lab/config';
import {
  addDevice, bootstrapOptionsFor, deviceRun, ensureLabControlPlane, labSeed, memoryStateStore, removeDevice,
} from '../../bench/bootstrap/labFixture';

const cp = 'arm64t';
const name = 'a64e';
let cluster: KubeConfig;
const state: StateStore = memoryStateStore();
const log = (m: string): void => console.log(`arm64: ${m}`);

before(async () => {
  cluster = await ensureLabControlPlane(cp);
  removeDevice(name);
});

after(async () => {
  removeDevice(name);
  await deleteControlPlane(labSeed, cp).catch(() => undefined);
});

test('an aarch64 device gets the linux-arm64 bundle, runs it under emulation and joins as an arm64 node', async () => {
  const device = addDevice(name, { arch: 'arm64' });
  assert.equal((await deviceRun(name, state, 'uname -m')).trim(), 'aarch64', 'the device says it is aarch64');

  const amd64 = await ensureNodeBundle(kubernetesVersion, { arch: 'amd64', log });
  const arm64 = await ensureNodeBundle(kubernetesVersion, { arch: 'arm64', log });
  const lines: string[] = [];
  const logger = { log: (level: string, m: string) => { lines.push(`${level}: ${m}`); } };
  let failure: unknown;
  const r = await bootstrapDevice(await bootstrapOptionsFor(device, { cluster, controlPlane: cp, state }, {
    artifacts: [
      { kind: 'bundle', path: amd64.path, sha256: amd64.sha256, arch: 'amd64' },
      { kind: 'bundle', path: arm64.path, sha256: arm64.sha256, arch: 'arm64' },
    ],
    logger,
  })).catch((e: unknown) => {
    failure = e;
    return undefined;
  });
  console.log(lines.join('\n'));
  if (failure) console.log(`bootstrap: ${failure instanceof Error ? failure.message : String(failure)}`);

  const node = await readNode(cluster, name);
  assert.ok(node, `a Node ${name} exists`);
  assert.ok(nodeReady(node), 'the Node is Ready');
  assert.equal(node.status?.nodeInfo?.architecture, 'arm64', 'the kubelet reports arm64');
  assert.equal(node.metadata?.labels?.['kubernetes.io/arch'], 'arm64');
  // What runs on the device is the arm64 build, through qemu: the kubelet's binary is an aarch64 ELF.
  const elf = await deviceRun(name, state, 'od -An -tx1 -j18 -N2 /usr/local/bin/kubelet');
  assert.equal(elf.trim(), 'b7 00', `kubelet's e_machine is aarch64 (${elf.trim()})`);
  assert.ok(lines.some((l) => /install: done: linux-arm64 bundle/.test(l)), 'preflight chose the linux-arm64 bundle of the two');
  // qemu-user has no seccomp and rejects runc's clone(CLONE_PARENT): no container can start under
  // user-mode emulation. Bootstrap's runtime check must say so, in the kubelet's words, not pass.
  assert.equal(r, undefined, 'bootstrap does not report success for a node that cannot run pods');
  assert.ok(failure instanceof UserFacingError, String(failure));
  assert.equal(failure.code, 'bootstrap-runtime');
  assert.match(failure.message, /Ready but cannot run pods: FailedCreatePodSandBox/);
});
