// The editor half of issue 7 in a real VS Code against the lab, the way a person works:
// add the lab seed through the wizard, refuse a bad name, create a control plane,
// refuse an unreachable host, bootstrap a lab device (accepting its fingerprint in the
// modal), see it Ready, cut its link (Disconnected), heal it; make the control plane's
// apiserver unreachable and see the status bar's error state; delete it (typed name).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureNodeBundle } from '../../components/bundle';
import { seedContext, seedKubeconfig } from '../../lab/config';
import { connectSeed, deleteControlPlane } from '../../src/core/index';
import type { SeedConfig } from '../../src/core/seeds';
import { deviceAddress, lab, privateSshFiles } from './editorLab';
import { startWorkbench, type WorkbenchSession } from './harness/index';

const cpName = 'e2e-editor';
const device = 'e2eed1';
const seed: SeedConfig = { name: 'lab', context: seedContext };
const minutes = (n: number): number => n * 60_000;

async function scaleApiserver(replicas: number): Promise<void> {
  const c = connectSeed({ ...seed, kubeconfig: seedKubeconfig });
  const namespace = `edgeplane-${cpName}`;
  const d = await c.apps.readNamespacedDeployment({ name: 'control-plane', namespace });
  d.spec = { ...d.spec!, replicas };
  await c.apps.replaceNamespacedDeployment({ name: 'control-plane', namespace, body: d });
}

describe('editor: wizards, tree and status bar against the lab', () => {
  let wb: WorkbenchSession;

  before(async () => {
    // Leftovers of an interrupted run: this test's control plane, a device left cut.
    await deleteControlPlane({ ...seed, kubeconfig: seedKubeconfig }, cpName).catch(() => undefined);
    lab('device', 'add', device);
    spawnLabQuietly('device', 'heal', device);
    const ssh = privateSshFiles(device, deviceAddress(device));
    const bundle = await ensureNodeBundle();
    wb = await startWorkbench({
      name: 'editor',
      // The Add Seed wizard offers $KUBECONFIG's file first: the lab's.
      env: { KUBECONFIG: seedKubeconfig },
      settings: {
        'edgeplane.ssh.configFile': ssh.configFile,
        'edgeplane.ssh.knownHostsFile': ssh.knownHostsFile,
        'edgeplane.ssh.connectTimeoutSeconds': 5,
        'edgeplane.bootstrap.bundlePath': bundle.path,
        'edgeplane.usage.sampleIntervalSeconds': 5,
      },
    });
  });

  after(async () => {
    await wb?.close();
    await deleteControlPlane({ ...seed, kubeconfig: seedKubeconfig }, cpName).catch(() => undefined);
    spawnLabQuietly('device', 'remove', device, '--force');
  });

  it('adds the lab seed through the wizard', async () => {
    await wb.welcome();
    await wb.runCommand('Edgeplane: Add Seed');
    await wb.pickItem(seedKubeconfig);
    await wb.screenshot('add-seed-context');
    await wb.pickItem(seedContext);
    await wb.answerInput('lab', /Display name/);
    await wb.waitForNotification('Seed "lab" added.');
    await wb.waitForTreeItem(/^lab/);
    // The lab seed is shared: other tests may have control planes in it.
    await wb.waitForTreeItem(/No control planes yet|v1\.\d+\.\d+ · \d+\/\d+ Ready/, minutes(1));
    await wb.screenshot('seed-added');
  });

  it('keeps a bad name on its step with the reason, and creates nothing', async () => {
    await wb.runCommand('Edgeplane: Create Control Plane');
    const widget = wb.page.locator('.quick-input-widget');
    await widget.locator('input').first().fill('Bad_Name');
    await widget.locator('input').first().press('Enter');
    const message = widget.locator('.quick-input-message');
    await message.filter({ hasText: /not a valid control-plane name/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('bad-name-refused');
    assert.ok(await widget.isVisible(), 'the wizard stays open on the name step');
    await wb.closeQuickInput();
    assert.equal(await wb.treeItem(/bad_name/i).count(), 0, 'no control plane appeared');
  });

  it('creates a control plane through the wizard and selects it in the status bar', async () => {
    // The compact layout: apiserver, controller-manager and scheduler in one process. The
    // rest of this file (a device joining through its CSR approval, the outage) runs on it.
    await wb.createControlPlaneWizard(cpName, 'compact', () => wb.screenshot('create-size-step'));
    await wb.waitForNotification(/Creating control plane/, 30_000);
    await wb.screenshot('create-progress');
    await wb.waitForNotification(`Control plane "${cpName}" is ready.`, minutes(10));
    await wb.waitForTreeItem(new RegExp(`^${cpName}`), minutes(1));
    const c = connectSeed({ ...seed, kubeconfig: seedKubeconfig });
    const d = await c.apps.readNamespacedDeployment({ name: 'control-plane', namespace: `edgeplane-${cpName}` });
    assert.deepEqual(d.spec?.template.spec?.containers.map((x) => x.name), ['kube-controlplane', 'konnectivity-server'], 'the layout picked in the wizard: one process, beside it the tunnel server');
    // The model turns to the new apiserver once the seed shows its pods Ready; their
    // readiness probes trail the /readyz answer that ended the create.
    await wb.statusBarItem(new RegExp(`${cpName} [\\d.]+ ms`), minutes(2));
    await wb.screenshot('control-plane-ready');
  });

  it('shows an unreachable host on the step where it happened and bootstraps nothing', async () => {
    await wb.clearNotifications();
    await wb.runCommand('Edgeplane: Bootstrap Device');
    await wb.pickItem(cpName);
    const widget = wb.page.locator('.quick-input-widget');
    await wb.typeInPick('edge@10.213.0.254', /type an address/);
    await wb.pickItem('edge@10.213.0.254');
    await wb.answerInput('edge', /SSH user/);
    await wb.answerInput('22', /SSH port/);
    await wb.pickItem('Automatic');
    const input = widget.locator('input').first();
    await wb.page.waitForFunction(
      (el) => /cannot|unreachable|timed out|refused|no route/i.test((el as unknown as { placeholder: string }).placeholder),
      await input.elementHandle(),
      { timeout: 60_000 },
    );
    await wb.screenshot('unreachable-host-on-step');
    await wb.closeQuickInput();
    await wb.expandTreeItem(new RegExp(`^${cpName}`));
    await wb.waitForTreeItem(/No nodes yet/);
  });

  it('bootstraps a lab device through the wizard, accepting its fingerprint, and shows it Ready', async () => {
    await wb.runCommand('Edgeplane: Bootstrap Device');
    await wb.pickItem(cpName);
    await wb.pickItem(device);
    await wb.answerInput('edge', /SSH user/);
    await wb.answerInput('22', /SSH port/);
    await wb.pickItem('Automatic');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await dialog.innerText(), /SHA256:/);
    await wb.screenshot('host-key-modal');
    await dialog.getByRole('button', { name: 'Trust and Connect' }).click();
    await wb.answerInput('', /Site of this device/);
    await wb.waitForNotification(/Bootstrapping/, 30_000);
    await wb.screenshot('bootstrap-progress');
    await wb.waitForNotification(/joined .* and is Ready|already joined/, minutes(5));
    await wb.waitForTreeItem(new RegExp(`^${cpName}.*1/1 Ready`), minutes(1));
    const row = await wb.waitForTreeItem(device);
    assert.doesNotMatch(await row.innerText(), /Not Ready|Disconnected/);
    await wb.screenshot('node-ready');
  });

  it('shows the node disconnected after `lab device cut`, and back after heal, without reloading', async () => {
    lab('device', 'cut', device);
    try {
      await wb.waitForTreeItem(new RegExp(`${device}.*Disconnected`), minutes(2));
      await wb.screenshot('node-disconnected');
    } finally {
      lab('device', 'heal', device);
    }
    await wb.page
      .locator('.monaco-list-row[role="treeitem"]', { hasText: device })
      .filter({ hasNotText: /Disconnected|Not Ready/ })
      .first()
      .waitFor({ state: 'visible', timeout: minutes(2) });
    await wb.screenshot('node-healed');
  });

  it('turns the status bar to its error state when the apiserver is unreachable, and back', async () => {
    await scaleApiserver(0);
    try {
      const item = await wb.statusBarItem(`${cpName} unreachable`, minutes(2));
      assert.match((await item.getAttribute('class')) ?? '', /error-kind/);
      await wb.screenshot('status-bar-unreachable');
    } finally {
      await scaleApiserver(1);
    }
    await wb.statusBarItem(new RegExp(`${cpName} [\\d.]+ ms`), minutes(3));
    await wb.screenshot('status-bar-recovered');
  });

  it('deletes the control plane after a modal and the typed name', async () => {
    await wb.runCommand('Edgeplane: Delete Control Plane');
    await wb.pickItem(cpName);
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('delete-modal');
    await dialog.getByRole('button', { name: 'Delete…' }).click();
    await wb.answerInput(cpName, /Type the name/);
    await wb.waitForNotification(`Control plane "${cpName}" deleted.`, minutes(5));
    await wb.waitForTreeItem(/No control planes yet/, minutes(1));
    await wb.screenshot('deleted');
  });
});

function spawnLabQuietly(...args: string[]): void {
  try {
    lab(...args);
  } catch {
    // cleanup only
  }
}
