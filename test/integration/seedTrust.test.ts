// What the seed hands Edgeplane is data, not instructions: a control-plane
// namespace whose admin-kubeconfig Secret carries an exec plugin (written by
// anyone who may write Secrets there) shows as a refused control plane in the
// fleet model and the tree, and the plugin never runs on this machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { seedContext, seedKubeconfig } from '../../lab/config';
import { getAdminKubeConfig } from '../../src/core/controlplane/access';
import { exportKubeconfig } from '../../src/core/controlplane/exportCredentials';
import { UserFacingError } from '../../src/core/errors';
import { FleetModel } from '../../src/core/fleet/fleetModel';
import type { FleetSnapshotReader } from '../../src/core/fleet/types';
import { labels, type SeedConfig } from '../../src/core/seeds';
import { controlPlaneItem } from '../../src/extension/tree/items';
import { plainL10n } from '../../src/extension/tree/l10nTypes';
import { deleteNamespace, ensureNamespace, kubeConfigFile, testLogger, waitForModel } from './fleetSupport';

const suffix = Math.random().toString(36).slice(2, 7);
const seed: SeedConfig = { name: 'lab', context: seedContext, kubeconfig: seedKubeconfig };

test('an admin kubeconfig with an exec plugin is refused and shown as the control plane\'s error; the plugin never runs', async (t) => {
  const kc = kubeConfigFile(seedKubeconfig, seedContext);
  const cp = `seca-evil-${suffix}`;
  const namespace = `edgeplane-${cp}`;
  const dir = mkdtempSync(join(tmpdir(), 'seca-trust-'));
  const marker = join(dir, 'plugin-ran');
  // A working server and CA (the seed's own), and a plugin that would leave a marker and hand out a token.
  const cluster = kc.getCurrentCluster()!;
  const hostile = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'evil', cluster: { server: cluster.server, 'certificate-authority-data': cluster.caData } }],
    users: [{
      name: 'evil',
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: '/bin/sh',
          args: ['-c', `touch ${marker}; echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"x"}}'`],
          interactiveMode: 'Never',
        },
      },
    }],
    contexts: [{ name: 'evil', context: { cluster: 'evil', user: 'evil' } }],
    'current-context': 'evil',
  });
  await ensureNamespace(kc, namespace, { [labels.controlPlane]: cp });
  t.after(() => deleteNamespace(kc, namespace));
  await kc.makeApiClient(CoreV1Api).createNamespacedSecret({
    namespace,
    body: { metadata: { name: 'admin-kubeconfig' }, stringData: { kubeconfig: hostile } },
  });

  // One-shot readers refuse it with a message naming the control plane and what was wrong.
  await assert.rejects(getAdminKubeConfig(seed, cp), (err: unknown) => {
    assert.ok(err instanceof UserFacingError);
    assert.equal(err.code, 'kubeconfig-refused');
    assert.match(err.message, new RegExp(`control plane "${cp}" in seed "lab"`));
    assert.match(err.message, /exec plugin/);
    return true;
  });
  // Export refuses before it issues anything: no file.
  const exported = join(dir, 'exported.kubeconfig');
  await assert.rejects(exportKubeconfig(seed, cp, exported), /exec plugin/);
  assert.equal(existsSync(exported), false);

  // The live fleet model, with its real resolver, shows the refusal as the control plane's problem.
  const logs: string[] = [];
  const model = new FleetModel({ logger: testLogger(logs), probeIntervalMs: 1000, usageIntervalMs: 5000, seedKubeConfig: () => kubeConfigFile(seedKubeconfig, seedContext) });
  t.after(() => model.disposeAsync());
  model.setSeeds([seed]);
  const id = `lab/${cp}`;
  const view = await waitForModel(model, `the refusal of ${id}`, 30_000, () => {
    const v = model.controlPlane(id);
    return v && /exec plugin/.test(v.reason) ? v : undefined;
  });
  assert.equal(view.phase, 'Degraded');
  // What the tree renders for that row.
  const item = controlPlaneItem(view, { reader: model as unknown as FleetSnapshotReader, l10n: plainL10n, now: Date.now(), groupByLabel: '' });
  assert.match(item.description ?? '', /Degraded/);
  assert.match(String(item.tooltip), /Refused: The admin kubeconfig of control plane/);
  assert.match(String(item.tooltip), /exec plugin/);
  assert.ok(logs.some((l) => l.startsWith('warn') && l.includes(cp) && l.includes('refused')));
  await model.disposeAsync();
  assert.equal(existsSync(marker), false, 'the exec plugin never ran');
});
