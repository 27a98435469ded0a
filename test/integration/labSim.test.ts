// `lab sim`: simulated nodes for scale tests appear Ready in the cluster and
// go away again, without a kubelet each.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CoordinationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { seedKubeconfig } from '../../lab/config';

const root = new URL('../..', import.meta.url).pathname;
const prefix = `simtest-${randomBytes(2).toString('hex')}`;
const selector = `edgeplane.dev/sim-prefix=${prefix}`;

function lab(...args: string[]): void {
  const r = spawnSync(process.execPath, ['scripts/lab.mjs', ...args], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `lab ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
}

const kc = new KubeConfig();
kc.loadFromFile(seedKubeconfig);
const core = kc.makeApiClient(CoreV1Api);
const coordination = kc.makeApiClient(CoordinationV1Api);

async function renewTime(node: string): Promise<string> {
  const lease = await coordination.readNamespacedLease({ name: node, namespace: 'kube-node-lease' });
  return String(lease.spec?.renewTime ?? '');
}

describe('lab sim', () => {
  after(() => {
    spawnSync(process.execPath, ['scripts/lab.mjs', 'sim', 'remove', '--kubeconfig', seedKubeconfig, '--prefix', prefix], { cwd: root });
  });

  it('adds N Ready simulated nodes with live leases, then removes them', async () => {
    lab('sim', 'add', '--kubeconfig', seedKubeconfig, '--count', '3', '--prefix', prefix);
    const nodes = (await core.listNode({ labelSelector: selector })).items;
    assert.deepEqual(nodes.map((n) => n.metadata?.name).sort(), [`${prefix}-0`, `${prefix}-1`, `${prefix}-2`]);
    for (const n of nodes) {
      assert.equal(n.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True', `${n.metadata?.name} is Ready`);
      assert.equal(n.metadata?.annotations?.['kwok.x-k8s.io/node'], 'fake');
    }
    // A heartbeat: the node's Lease is renewed again after we first read it.
    const first = await renewTime(`${prefix}-0`);
    let renewed = false;
    for (let i = 0; i < 60 && !renewed; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      renewed = (await renewTime(`${prefix}-0`)) !== first;
    }
    assert.ok(renewed, 'the simulated node renews its Lease');
    lab('sim', 'remove', '--kubeconfig', seedKubeconfig, '--prefix', prefix);
    assert.equal((await core.listNode({ labelSelector: selector })).items.length, 0);
  });
});
