// Node Usage and Connectivity panels in a real VS Code against the lab: a control
// plane in the lab seed (created through core when missing), its nodes as the live
// fleet model sees them, the CSP and ready handshake, and state kept across hiding.
//
// Bootstrapped device: set EDGEPLANE_E2E_CONTROL_PLANE to a control plane that has
// one (e.g. made by the bootstrap e2e) and the test also demands non-zero CPU and
// memory for a node. Without it, it creates `e2e-webviews` and adds KWOK-simulated
// nodes, whose usage is unavailable: the panel must then show the model's reason.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { createControlPlane, deleteControlPlane, getAdminKubeconfigText } from '../../src/core/index';
import type { SeedConfig } from '../../src/core/seeds';
import { seedContext, seedKubeconfig } from '../../lab/config';
import { repoRoot, startWorkbench, type WorkbenchSession } from './harness/index';

const seed: SeedConfig = { name: 'lab', context: seedContext, kubeconfig: seedKubeconfig };
const given = process.env.EDGEPLANE_E2E_CONTROL_PLANE;
const cpName = given ?? 'e2e-webviews';
const simPrefix = 'e2e-sim';
// cspSource is one or more sources ("'self' https://*.vscode-cdn.net" in code-server).
const expectCsp = /^default-src 'none'; img-src [^;']*'self'[^;]* data:; style-src [^;]+ 'nonce-([\w-]+)'; script-src 'nonce-\1'; font-src [^;]+$/;

function lab(...args: string[]): void {
  const r = spawnSync(process.execPath, ['scripts/lab.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, `lab ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

describe('webviews: Node Usage and Connectivity against the lab', () => {
  let wb: WorkbenchSession;
  let created = false;
  let kubeconfigDir: string | undefined;
  let kubeconfigFile: string | undefined;
  const consoleProblems: string[] = [];

  before(async () => {
    if (!given) {
      const res = await createControlPlane(seed, { name: cpName, version: 'v1.35.4', exposure: 'NodePort', etcdMembers: 1, size: 'small' }, { readyTimeoutMs: 15 * 60_000 });
      created = !res.existed;
      kubeconfigDir = mkdtempSync(join(tmpdir(), 'ep-e2e-webviews-'));
      kubeconfigFile = join(kubeconfigDir, 'admin.kubeconfig');
      writeFileSync(kubeconfigFile, await getAdminKubeconfigText(seed, cpName), { mode: 0o600 });
      lab('sim', 'add', '--kubeconfig', kubeconfigFile, '--count', '2', '--prefix', simPrefix);
    }
    wb = await startWorkbench({
      name: 'webviews',
      settings: {
        'edgeplane.seeds': [seed],
        'edgeplane.usage.sampleIntervalSeconds': 5,
        // Only to look past a known fleet-model bug (client certificate set on the
        // https.Agent, which VS Code's proxy support drops: the seed sees
        // system:anonymous). Off by default so the suite shows that bug.
        ...(process.env.EDGEPLANE_E2E_PROXY_SUPPORT_OFF === '1' ? { 'http.proxySupport': 'off' } : {}),
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
    if (kubeconfigFile) spawnSync(process.execPath, ['scripts/lab.mjs', 'sim', 'remove', '--kubeconfig', kubeconfigFile], { cwd: repoRoot });
    if (kubeconfigDir) rmSync(kubeconfigDir, { recursive: true, force: true });
    // Only what this test created goes; a control plane it found stays.
    if (created && process.env.EDGEPLANE_E2E_KEEP !== '1') await deleteControlPlane(seed, cpName).catch(() => undefined);
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
    assert.match(summary, /^\d+ nodes, \d+ ready\. Seed: lab\.$/);
    assert.ok(Number(/^(\d+)/.exec(summary)![1]) >= 1, summary);

    // The time-window picker is a vscode-elements component: it must have rendered
    // its shadow DOM with styles (adoptedStyleSheets pass the CSP).
    assert.equal(await panel().locator('body').getAttribute('data-csp-violations'), null, 'the CSP blocked nothing the panel needs');
    const styled = await panel().locator('vscode-single-select').evaluate((el) => (el.shadowRoot?.adoptedStyleSheets.length ?? 0) > 0 && el.getBoundingClientRect().height > 0);
    assert.ok(styled, 'vscode-single-select rendered with adopted styles');
  });

  it('shows usage for a node: non-zero CPU and memory, or the model\'s reason instead of zeros', async () => {
    const rows = panel().locator('table.usage-table tbody tr');
    if (given) {
      // A bootstrapped device: the sampler needs a couple of intervals.
      const cpu = panel().locator('table.usage-table tbody tr td.cpu .used');
      await cpu.first().waitFor({ state: 'visible', timeout: 120_000 });
      const cpuText = await cpu.first().innerText();
      const memText = await panel().locator('table.usage-table tbody tr td.memory .used').first().innerText();
      assert.match(cpuText, /^[1-9][\d,]*m of /, `CPU cell: ${cpuText}`);
      assert.match(memText, /^[\d.,]*[1-9][\d.,]* (KiB|MiB|GiB) of /, `memory cell: ${memText}`);
      await rows.first().locator('button.node-name').click();
      await panel().locator('svg.chart path.series-cpu').first().waitFor({ state: 'visible', timeout: 120_000 });
    } else {
      const missing = panel().locator('td.usage-missing');
      await missing.first().waitFor({ state: 'visible', timeout: 120_000 });
      const texts = await missing.allInnerTexts();
      assert.ok(texts.every((t) => /^(Usage unavailable: .+|no sample yet)$/.test(t)), JSON.stringify(texts));
      assert.equal(await panel().locator('td.cpu .used').count(), 0, 'no usage numbers (and so no zeros) for nodes without metrics');
    }
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

  it('logs no CSP violation', () => {
    assert.deepEqual(consoleProblems, []);
  });
});
