// Node Usage and Connectivity panels in a real VS Code against the lab: a control
// plane in the lab seed with a lab device bootstrapped into it (through core, as
// the integration tests do), seen by the extension's live fleet model: the CSP and
// ready handshake, non-zero CPU and memory of the real node, the probe latency,
// and state kept across hiding and across a window reload.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { CoreV1Api } from '@kubernetes/client-node';
import { bootstrapDevice } from '../../src/core/bootstrap/bootstrap';
import { busyboxImage } from '../../components/images';
import { deleteControlPlane } from '../../src/core/index';
import {
  addDevice, bootstrapOptionsFor, ensureLabControlPlane, labSeed as seed, memoryStateStore, removeDevice,
} from '../../bench/bootstrap/labFixture';
import { startWorkbench, type WorkbenchSession } from './harness/index';

const cpName = 'e2e-webviews';
const deviceName = 'e2ewv1';
// cspSource is one or more sources ("'self' https://*.vscode-cdn.net" in code-server).
const expectCsp = /^default-src 'none'; img-src [^;']*'self'[^;]* data:; style-src [^;]+ 'nonce-([\w-]+)'; script-src 'nonce-\1'; font-src [^;]+$/;

describe('webviews: Node Usage and Connectivity against the lab', () => {
  let wb: WorkbenchSession;
  const consoleProblems: string[] = [];

  before(async () => {
    // Leftovers of an interrupted run go first; the device then joins for real.
    removeDevice(deviceName);
    const cluster = await ensureLabControlPlane(cpName);
    const device = addDevice(deviceName);
    await bootstrapDevice(await bootstrapOptionsFor(device, { cluster, controlPlane: cpName, state: memoryStateStore() }));
    // A workload on the device, so that Node Usage has a pod to count (the bundle ships the image).
    await cluster.makeApiClient(CoreV1Api).createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'e2e-sleeper' }, spec: { nodeName: deviceName, terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: busyboxImage, command: ['sleep', '3600'] }] } },
    });
    wb = await startWorkbench({
      name: 'webviews',
      settings: {
        'edgeplane.seeds': [seed],
        'edgeplane.usage.sampleIntervalSeconds': 5,
      },
    });
    wb.page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) consoleProblems.push(m.text());
    });
    await wb.openView();
    await wb.expandTreeItem(/^lab/);
    await wb.waitForTreeItem(cpName, 120_000);
    await wb.screenshot('tree-with-control-plane');
  });

  after(async () => {
    await wb?.close();
    if (process.env.EDGEPLANE_E2E_KEEP === '1') return;
    removeDevice(deviceName);
    await deleteControlPlane(seed, cpName).catch(() => undefined);
  });

  /** The panel whose tab is active; hidden panels have no frame at all. */
  const panel = (): FrameLocator => wb.webview(0);

  /** From the palette: with several control planes in the seed it asks which one. */
  async function openPanel(action: 'Show Node Usage' | 'Show Connectivity'): Promise<void> {
    await wb.runCommand(`Edgeplane: ${action}`);
    const asked = wb.page.locator('.quick-input-widget:visible .monaco-list-row', { hasText: cpName });
    const opened = wb.page.locator('.tabs-container .tab', { hasText: `${action === 'Show Node Usage' ? 'Usage' : 'Connectivity'}: ${cpName}` });
    await asked.or(opened).first().waitFor({ state: 'visible', timeout: 30_000 });
    if (await asked.isVisible()) await wb.pickItem(cpName);
  }

  it('opens Node Usage with a strict CSP, answers the ready handshake with the model\'s nodes', async () => {
    await openPanel('Show Node Usage');
    await wb.waitForWebviewText(`Node usage: ${cpName}`, 60_000);
    const csp = await panel().locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', expectCsp, `CSP was ${csp}`);
    assert.doesNotMatch(csp ?? '', /unsafe-/);
    // The script carries the nonce the policy names.
    const nonce = expectCsp.exec(csp ?? '')![1];
    assert.equal(await panel().locator(`script[nonce="${nonce}"]`).count(), 1);

    // Rows come from the live model: wait until the nodes are listed.
    const rows = panel().locator('table.usage-table tbody tr');
    await rows.first().waitFor({ state: 'visible', timeout: 120_000 });
    await wb.screenshot('node-usage-opened');
    const summary = await panel().locator('.summary').innerText();
    assert.match(summary, /^(1 node|\d+ nodes), \d+ ready\. Seed: lab\.$/);
    assert.ok(Number(/^(\d+)/.exec(summary)![1]) >= 1, summary);

    // The time-window picker is a vscode-elements component: it must have rendered
    // its shadow DOM with styles (adoptedStyleSheets pass the CSP).
    assert.equal(await panel().locator('body').getAttribute('data-csp-violations'), null, 'the CSP blocked nothing the panel needs');
    const styled = await panel().locator('vscode-single-select').evaluate((el) => (el.shadowRoot?.adoptedStyleSheets.length ?? 0) > 0 && el.getBoundingClientRect().height > 0);
    assert.ok(styled, 'vscode-single-select rendered with adopted styles');
  });

  it('shows non-zero CPU and memory for the bootstrapped node, and its history as a chart', async () => {
    const rows = panel().locator('table.usage-table tbody tr', { hasText: deviceName });
    // The sampler needs a couple of intervals (5 s here) after the node joined.
    const cpu = rows.locator('td.cpu .used');
    await cpu.first().waitFor({ state: 'visible', timeout: 120_000 });
    const cpuText = await cpu.first().innerText();
    const memText = await rows.locator('td.memory .used').first().innerText();
    assert.match(cpuText, /^[1-9][\d,]*m of /, `CPU cell: ${cpuText}`);
    assert.match(memText, /^[\d.,]*[1-9][\d.,]* (KiB|MiB|GiB) of /, `memory cell: ${memText}`);
    // The pod started in before() runs on the device: the kubelet's summary counts it.
    const pods = rows.locator('td.pods .used').first();
    let podsText = '';
    for (let i = 0; i < 60 && !/^[1-9]/.test(podsText); i++) {
      podsText = (await pods.innerText().catch(() => '')).trim();
      if (!/^[1-9]/.test(podsText)) await new Promise((r) => setTimeout(r, 2000));
    }
    assert.match(podsText, /^[1-9]\d* of /, `pods cell: ${podsText}`);
    await rows.first().locator('button.node-name').click();
    await panel().locator('svg.chart path.series-cpu').first().waitFor({ state: 'visible', timeout: 120_000 });
    await wb.screenshot('node-usage-values');
  });

  it('keeps sort order and selection when hidden and shown again', async () => {
    const cpuHeader = panel().locator('th:has(button[data-sort="cpu"])');
    await panel().locator('button[data-sort="cpu"]').click();
    assert.equal(await cpuHeader.getAttribute('aria-sort'), 'descending');
    const names = panel().locator('table.usage-table tbody tr button.node-name');
    const second = (await names.count()) > 1 ? 1 : 0;
    const picked = await names.nth(second).innerText();
    await names.nth(second).click();
    await panel().locator(`.charts h2:text-is("${picked} over time")`).waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('node-usage-sorted-and-selected');

    // Opening Connectivity in the same editor group hides Node Usage; its page is
    // discarded (retainContextWhenHidden is off).
    await openPanel('Show Connectivity');
    await wb.waitForWebviewText(`Connectivity: ${cpName}`, 60_000);
    await wb.screenshot('connectivity-opened');
    assert.equal(await wb.page.locator('iframe.webview.ready').count(), 1, 'the hidden panel keeps no page');

    await wb.page.locator('.tabs-container .tab', { hasText: `Usage: ${cpName}` }).click();
    await wb.waitForWebviewText(`Node usage: ${cpName}`, 60_000);
    await panel().locator('table.usage-table tbody tr').first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await panel().locator('th:has(button[data-sort="cpu"])').getAttribute('aria-sort'), 'descending');
    assert.equal(await panel().locator('tr.selected button.node-name').innerText(), picked);
    await panel().locator(`.charts h2:text-is("${picked} over time")`).waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('node-usage-restored');
  });

  it('shows the apiserver probe latency and the nodes\' heartbeats in Connectivity', async () => {
    await wb.page.locator('.tabs-container .tab', { hasText: `Connectivity: ${cpName}` }).click();
    await wb.waitForWebviewText(`Connectivity: ${cpName}`, 60_000);
    const csp = await panel().locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', expectCsp);
    assert.equal(await panel().locator('body').getAttribute('data-csp-violations'), null, 'the CSP blocked nothing the panel needs');
    // The model probes /livez every 5 s; wait for answered probes in the chart.
    const chart = panel().locator('section.latency svg.chart');
    await panel().locator('section.latency svg.chart path.series-latency').waitFor({ state: 'attached', timeout: 90_000 });
    const label = (await chart.getAttribute('aria-label')) ?? '';
    const m = /(\d+) probes, (\d+) failed; median ([\d.,]+) ms/.exec(label);
    assert.ok(m, `latency summary: ${label}`);
    assert.ok(Number(m[1]) > Number(m[2]), `some probes answered: ${label}`);
    assert.ok(Number(m[3]!.replace(/,/g, '')) > 0, `median latency above zero: ${label}`);
    assert.equal(await panel().locator('#connection').getAttribute('data-state'), 'connected');
    assert.match(await panel().locator('.conn-probe').innerText(), /^Last \/livez probe: [\d.,]+ ms, \d+s ago$/);
    const heartbeats = panel().locator('table.heartbeat-table tbody tr');
    await heartbeats.first().waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await heartbeats.first().locator('td.heartbeat').innerText(), /ago|never/);
    await wb.screenshot('connectivity-latency');
  });

  it('brings both panels back, with their state, after a window reload', async () => {
    await wb.page.reload();
    await wb.waitForWorkbench();
    const tabs = wb.page.locator('.tabs-container .tab');
    await tabs.filter({ hasText: `Usage: ${cpName}` }).waitFor({ state: 'visible', timeout: 60_000 });
    await tabs.filter({ hasText: `Connectivity: ${cpName}` }).waitFor({ state: 'visible', timeout: 60_000 });
    await tabs.filter({ hasText: `Usage: ${cpName}` }).click();
    await wb.waitForWebviewText(`Node usage: ${cpName}`, 60_000);
    await panel().locator('table.usage-table tbody tr').first().waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await panel().locator('th:has(button[data-sort="cpu"])').getAttribute('aria-sort'), 'descending');
    await wb.screenshot('restored-after-reload');
  });

  it('logs no CSP violation', () => {
    assert.deepEqual(consoleProblems, []);
  });
});
