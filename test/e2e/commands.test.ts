// Every command a newcomer meets, run the way they would in a real VS Code against the lab:
// Select Control Plane (status bar and palette), Create Control Plane, Bootstrap Devices
// from Inventory (an Ansible INI file of two lab devices, the summary document), Refresh,
// Open SSH Terminal (type `hostname`, read it back), the same terminal on a changed host
// key (the whole refusal in the terminal and a notification), Export Kubeconfig (file
// mode and content), Reset Device, a window reload (no false "Degraded"), Remove Seed.
// One compact control plane for the whole file; devices uxc1 and uxc2 are removed after.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureNodeBundle } from '../../components/bundle';
import { addDevice, labKnownHosts, labSeed as seed, removeDevice, type LabDevice } from '../../bench/bootstrap/labFixture';
import { clientKeyFile } from '../../lab/devices/paths';
import { deleteControlPlane } from '../../src/core/index';
import { startWorkbench, type WorkbenchSession } from './harness/index';

const cpName = 'e2e-uxc';
const deviceNames = ['uxc1', 'uxc2'] as const;
const minutes = (n: number): number => n * 60_000;

/** known_hosts lines of the lab for these devices ("name,address key"). */
function knownHostsLines(names: readonly string[]): string[] {
  return readFileSync(labKnownHosts, 'utf8')
    .split('\n')
    .filter((l) => names.some((n) => l.startsWith(`${n},`)));
}

describe('commands: every Edgeplane command from the palette or the tree, against the lab', () => {
  let wb: WorkbenchSession;
  /** `it`, with a screenshot of the failure. */
  const step = (name: string, body: () => Promise<void>): void => {
    it(name, async () => {
      try {
        await body();
      } catch (err) {
        await wb.screenshot('failure').catch(() => undefined);
        throw err;
      }
    });
  };
  /** A Fleet row by its exact label (a group row "uxc" + "2 nodes" reads "uxc2 nodes" as text). */
  const row = (label: string) =>
    wb.fleetPane().locator('.monaco-list-row[role="treeitem"]').filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  /** code-server's file dialog is a quick input that lists the folder as it is typed: type, let it settle, press OK. */
  const typePath = async (path: string): Promise<void> => {
    const input = wb.page.locator('.quick-input-widget input').first();
    // The dialog fills in its start folder a moment after it opens, over anything typed before.
    await wb.page.waitForFunction((el) => (el as unknown as { value: string }).value.startsWith('/'), await input.elementHandle(), { timeout: 15_000 });
    await input.fill(path);
    await wb.page.waitForTimeout(1000);
    assert.equal(await input.inputValue(), path, 'the typed path stayed in the file dialog');
    await wb.page.locator('.quick-input-widget .monaco-button', { hasText: /^(OK|Export)$/ }).first().click({ timeout: 15_000 });
  };
  const rowMenu = async (label: string, action: string): Promise<void> => {
    await wb.page.keyboard.press('Escape');
    const r = row(label);
    await r.waitFor({ state: 'visible', timeout: 60_000 });
    await r.click({ button: 'right' });
    const entry = wb.page.locator('.context-view .action-item .action-label', { hasText: action }).first();
    await entry.hover({ timeout: 15_000 });
    await entry.click({ timeout: 15_000 });
    // A click that lands while the menu is still settling leaves it open on that entry: Enter takes it.
    const menu = wb.page.locator('.context-view .monaco-menu');
    if (await menu.isVisible().catch(() => false)) {
      await wb.page.waitForTimeout(500);
      if (await menu.isVisible().catch(() => false)) await wb.page.keyboard.press('Enter');
    }
  };
  let devices: LabDevice[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ep-e2e-uxc-'));
  const knownHostsFile = join(dir, 'known_hosts');
  const inventoryFile = join(dir, 'fleet.ini');
  const exportFile = join(dir, `${cpName}.kubeconfig`);

  before(async () => {
    await deleteControlPlane(seed, cpName).catch(() => undefined);
    for (const n of deviceNames) removeDevice(n);
    devices = deviceNames.map((n) => addDevice(n));
    // The devices are Hosts of an Included file, as many people keep them: the host list must show them.
    writeFileSync(join(dir, 'config'), `Include ${join(dir, 'devices.conf')}\n`);
    writeFileSync(
      join(dir, 'devices.conf'),
      devices.map((d) => `Host ${d.name} ${d.address}\n  HostName ${d.address}\n  User edge\n  IdentityFile ${clientKeyFile}\n  IdentitiesOnly yes\n`).join(''),
    );
    writeFileSync(knownHostsFile, `${knownHostsLines(deviceNames).join('\n')}\n`);
    writeFileSync(
      inventoryFile,
      [
        '# two lab devices, Ansible INI',
        '[cameras]',
        ...devices.map((d) => `${d.name} ansible_host=${d.address}`),
        '',
        '[site_uxc:children]',
        'cameras',
        '',
        '[site_uxc:vars]',
        'edgeplane_labels=edgeplane.dev/site=uxc',
        '',
        '[all:vars]',
        'ansible_user=edge',
        `ansible_ssh_private_key_file=${clientKeyFile}`,
        '',
      ].join('\n'),
    );
    const bundle = await ensureNodeBundle();
    wb = await startWorkbench({
      name: 'commands',
      settings: {
        'edgeplane.seeds': [seed],
        'edgeplane.ssh.configFile': join(dir, 'config'),
        'edgeplane.ssh.knownHostsFile': knownHostsFile,
        'edgeplane.ssh.connectTimeoutSeconds': 5,
        'edgeplane.bootstrap.bundlePath': bundle.path,
        'edgeplane.usage.sampleIntervalSeconds': 5,
        // The DOM renderer, so the terminal's text can be read back.
        'terminal.integrated.gpuAcceleration': 'off',
      },
    });
  });

  after(async () => {
    await wb?.close();
    await deleteControlPlane(seed, cpName).catch(() => undefined);
    for (const n of deviceNames) removeDevice(n);
  });

  step('Select Control Plane from the status bar before there is one says how to make one', async () => {
    await wb.openView();
    const item = await wb.statusBarItem(/Select a control plane/, minutes(1));
    // The lab seed is shared: only when it holds no control plane is the answer "create one".
    await wb.waitForTreeItem(/No control planes yet|v1\.\d+\.\d+ · /, minutes(1));
    await item.click();
    const none = await wb.treeItem(/No control planes yet/).count();
    if (none > 0) await wb.waitForNotification(/No control plane to choose from\. Create one/);
    else await wb.closeQuickInput();
    await wb.screenshot('select-without-control-plane');
  });

  step('Create Control Plane (compact) through the wizard', async () => {
    await wb.createControlPlaneWizard(cpName, 'compact');
    await wb.waitForNotification(`Control plane "${cpName}" is ready.`, minutes(10));
    await wb.waitForTreeItem(new RegExp(`^${cpName}`), minutes(1));
    await wb.screenshot('control-plane-ready');
  });

  step('Select Control Plane from the palette lists it and the status bar follows', async () => {
    await wb.runCommand('Edgeplane: Select Control Plane');
    const items = await wb.quickPickItems();
    assert.ok(items.includes(cpName), `the pick lists ${cpName}: ${items.join(', ')}`);
    await wb.pickItem(cpName);
    const item = await wb.statusBarItem(new RegExp(`${cpName} [\\d.]+ ms`), minutes(2));
    await item.hover();
    // The tooltip speaks like the panels ("3s ago"), not in raw UTC timestamps.
    const tooltip = wb.page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
    await tooltip.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await tooltip.innerText(), /Last probe: (just now|\d+ ?s ago)/);
    assert.doesNotMatch(await tooltip.innerText(), /\d{4}-\d\d-\d\dT\d\d:\d\d/);
    await wb.screenshot('status-bar-selected');
  });

  step('Bootstrap Device lists the SSH config\'s Included hosts and says the host part once', async () => {
    await wb.runCommand('Edgeplane: Bootstrap Device');
    await wb.pickItem(cpName);
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'uxc1' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const rows = await wb.quickPickItems();
    for (const n of deviceNames) assert.ok(rows.includes(n), `${n} (from the Included file) is offered: ${rows.join(', ')}`);
    await wb.screenshot('bootstrap-host-list');
    await wb.typeInPick(`edge@${devices[0]!.address}`, /type an address/);
    await wb.pickItem(`edge@${devices[0]!.address}`);
    await wb.answerInput('edge', /SSH user/);
    await wb.answerInput('22', /SSH port/);
    const input = wb.page.locator('.quick-input-widget input').first();
    await wb.page.waitForFunction((el) => /How to log in/.test((el as unknown as { placeholder: string }).placeholder), await input.elementHandle(), { timeout: 15_000 });
    const placeholder = await input.getAttribute('placeholder');
    assert.doesNotMatch(placeholder ?? '', /edge@edge@/);
    assert.match(placeholder ?? '', new RegExp(`edge@${devices[0]!.address.replace(/\./g, '\\.')}:22`));
    await wb.screenshot('bootstrap-auth-step');
    await wb.closeQuickInput();
  });

  step('Bootstrap Devices from Inventory (INI) joins both devices and opens one summary', async () => {
    await rowMenu(cpName, 'Bootstrap Devices from Inventory');
    // code-server's file dialog is a quick input: type the path.
    const input = wb.page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await typePath(inventoryFile);
    await wb.pickItem(/Bootstrap these 2 devices/);
    await wb.answerInput('2', /How many devices at once/);
    await wb.waitForNotification(/Bootstrapping 2 devices/, 30_000);
    await wb.screenshot('inventory-progress');
    await wb.waitForNotification(`2 of 2 devices joined "${cpName}"; 0 failed (see the summary).`, minutes(8));
    const tabs = await wb.editorTabs();
    assert.ok(!tabs.some((t) => /^Untitled/.test(t)), `the summary is a file, not an Untitled document: ${tabs.join(', ')}`);
    const editor = wb.page.locator('.editor-instance .view-lines').first();
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
    // The editor renders spaces as no-break spaces.
    const text = (await editor.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /Inventory bootstrap into lab\/e2e-uxc/);
    assert.match(text, /2 joined, 0 failed/);
    for (const n of deviceNames) assert.match(text, new RegExp(`\\| ${n} \\| joined \\|`));
    await wb.screenshot('inventory-summary');
    await wb.waitForTreeItem(new RegExp(`^${cpName}.*2/2 Ready`), minutes(2));
  });

  step('Refresh from the palette keeps the fleet as it is', async () => {
    await wb.runCommand('Edgeplane: Refresh');
    await wb.waitForTreeItem(new RegExp(`^${cpName}.*2/2 Ready`), minutes(1));
    await wb.expandTreeItem(new RegExp(`^${cpName}`));
    // The inventory gave them the site label "uxc": the nodes sit in that group.
    const group = row('uxc');
    await group.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await group.getAttribute('aria-expanded')) === 'false') await group.locator('.monaco-tl-twistie').click();
    await row('uxc1').waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('refreshed');
  });

  step('Open SSH Terminal from a node: `hostname` answers the device name', async () => {
    await rowMenu('uxc1', 'Open SSH Terminal');
    // An inventory join remembers no SSH target: the node's reported address is proposed; answer with its SSH config Host.
    await wb.answerInput('uxc1', /reports the address/);
    const terminal = wb.page.locator('.terminal-wrapper.active .xterm-rows, .terminal-wrapper .xterm-rows').first();
    await terminal.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.page.waitForFunction((el) => /\$\s*$/m.test((el as unknown as { innerText: string }).innerText), await terminal.elementHandle(), { timeout: 30_000 });
    // xterm layers a helper textarea over its rows: focus without the actionability wait.
    await terminal.click({ force: true });
    await wb.page.keyboard.type('hostname\n');
    await wb.page.waitForFunction((el) => /^uxc1\s*$/m.test((el as unknown as { innerText: string }).innerText), await terminal.elementHandle(), { timeout: 15_000 });
    await wb.screenshot('ssh-terminal-hostname');
    await wb.page.keyboard.type('exit\n');
  });

  step('Open SSH Terminal on a changed host key says why in the terminal and in a notification', async () => {
    const [a, b] = devices;
    // uxc1's names with uxc2's key: what a reinstalled (or impersonated) device looks like.
    const other = knownHostsLines([b!.name])[0]!.split(' ').slice(1).join(' ');
    writeFileSync(knownHostsFile, `${a!.name},${a!.address} ${other}\n${knownHostsLines([b!.name]).join('\n')}\n`);
    try {
      await wb.clearNotifications();
      await rowMenu('uxc1', 'Open SSH Terminal');
      // An inventory join remembers no SSH target: the node's reported address is proposed; answer with its SSH config Host.
      await wb.answerInput('uxc1', /reports the address/);
      const note = await wb.waitForNotification(/host key .* has CHANGED/, 30_000);
      assert.match(note, /ssh-keygen -R/);
      const terminal = wb.page.locator('.terminal-wrapper.active .xterm-rows').first();
      await wb.page.waitForFunction((el) => /CHANGED/.test((el as unknown as { innerText: string }).innerText) && /ssh-keygen/.test((el as unknown as { innerText: string }).innerText), await terminal.elementHandle(), { timeout: 15_000 });
      assert.doesNotMatch(await wb.page.locator('.terminal-wrapper.active').first().innerText(), /failed to launch/);
      await wb.screenshot('ssh-terminal-changed-key');
    } finally {
      writeFileSync(knownHostsFile, `${knownHostsLines(deviceNames).join('\n')}\n`);
    }
  });

  step('Export Kubeconfig to a file: 0600, and it names the edge cluster', async () => {
    await wb.clearNotifications();
    await rowMenu(cpName, 'Export Kubeconfig');
    await wb.pickItem(/Save to a file/);
    const input = wb.page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await typePath(exportFile);
    await wb.waitForNotification(`Kubeconfig of "${cpName}" saved to ${exportFile}.`);
    assert.equal(statSync(exportFile).mode & 0o777, 0o600);
    const text = readFileSync(exportFile, 'utf8');
    assert.match(text, /server: https:\/\/[\d.]+:\d+/);
    assert.match(text, new RegExp(`current-context: .*${cpName}`));
    assert.match(text, /client-key-data: /);
    await wb.screenshot('kubeconfig-exported');
  });

  step('Reset Device from the tree removes the node', async () => {
    await wb.clearNotifications();
    await rowMenu('uxc2', 'Reset Device');
    // An inventory join remembers no SSH target: the node's reported address is proposed; answer with its SSH config Host.
    await wb.answerInput('uxc2', /reports the address/);
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('reset-modal');
    await dialog.getByRole('button', { name: 'Reset Device' }).click();
    await wb.waitForNotification('"uxc2" was reset.', minutes(3));
    await wb.waitForTreeItem(new RegExp(`^${cpName}.*1/1 Ready`), minutes(1));
    assert.equal(await row('uxc2').count(), 0);
    await wb.screenshot('reset-done');
  });

  step('after Reload Window the control plane says "connecting", never "0/0 Ready · Degraded"', async () => {
    await wb.page.reload();
    await wb.waitForWorkbench();
    await wb.openView();
    const seen = new Set<string>();
    const row = wb.treeItem(new RegExp(`^${cpName}`));
    for (let i = 0; i < 600; i++) {
      const text = (await row.first().innerText({ timeout: 1000 }).catch(() => '')).replace(/\s+/g, ' ');
      if (text) seen.add(text);
      if (/[1-9]\d*\/\d+ Ready/.test(text)) break;
      await wb.page.waitForTimeout(200);
    }
    const labels = [...seen];
    assert.ok(labels.some((l) => /[1-9]\d*\/\d+ Ready/.test(l)), `the row came back with its nodes: ${labels.join(' | ')}`);
    assert.ok(!labels.some((l) => /0\/0 Ready/.test(l) || /Degraded/.test(l)), `no false state after the reload: ${labels.join(' | ')}`);
    await wb.screenshot('after-reload');
  });

  step('Remove Seed from the tree, after its modal, leaves the welcome view', async () => {
    await rowMenu('lab', 'Remove Seed');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('remove-seed-modal');
    await dialog.getByRole('button', { name: 'Remove Seed' }).click();
    await wb.welcome();
    assert.equal(await wb.treeItem(/^lab/).count(), 0);
    await wb.screenshot('seed-removed');
  });
});
