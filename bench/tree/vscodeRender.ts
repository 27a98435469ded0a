// bench/tree, real-VS-Code half: time to first render of a control plane with 1,000
// and 10,000 simulated (KWOK) nodes in code-server + Chromium. Measured from the click
// that expands the control plane to the moment its first node rows are on screen (and,
// apart, until End shows the page's last row); the live fleet model has already synced.
// Run through bench/tree/main.ts (lab up, dist/edgeplane.vsix packaged).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedContext, seedKubeconfig } from '../../lab/config';
import { createControlPlane, deleteControlPlane, getAdminKubeconfigText } from '../../src/core/index';
import type { SeedConfig } from '../../src/core/seeds';
import { repoRoot, startWorkbench } from '../../test/e2e/harness/index';

const cpName = 'bench-tree';
const seed: SeedConfig = { name: 'lab', context: seedContext, kubeconfig: seedKubeconfig };

function lab(...args: string[]): void {
  const r = spawnSync(process.execPath, ['scripts/lab.mjs', ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`lab ${args.join(' ')} failed`);
}

export interface RenderRow {
  nodes: number;
  /** From the click that expands the control plane to its first node rows on screen. */
  firstRenderMs: number;
  /** The same, plus End pressed in the tree until the page's "Show more…" row is on screen. */
  wholePageMs: number;
}

export async function renderTimes(counts: number[]): Promise<RenderRow[]> {
  await createControlPlane(seed, { name: cpName }, { readyTimeoutMs: 15 * 60_000 });
  const dir = mkdtempSync(join(tmpdir(), 'ep-bench-tree-'));
  const kubeconfig = join(dir, 'admin.kubeconfig');
  writeFileSync(kubeconfig, await getAdminKubeconfigText(seed, cpName), { mode: 0o600 });
  const results: RenderRow[] = [];
  try {
    for (const n of counts) {
      // `sim add` tops the simulated nodes up to n (one KWOK controller per cluster).
      lab('sim', 'add', '--kubeconfig', kubeconfig, '--count', String(n), '--prefix', 'bt');
      const wb = await startWorkbench({ name: `bench-tree-${n}`, settings: { 'edgeplane.seeds': [seed], 'edgeplane.tree.groupByLabel': '' } });
      try {
        await wb.openView();
        const cpRow = await wb.waitForTreeItem(new RegExp(`^${cpName}.*/${n} Ready`), 10 * 60_000);
        await wb.screenshot('synced');
        const firstNode = wb.treeItem(/^bt-/).first();
        const more = wb.treeItem(/Show more/).first();
        const t0 = performance.now();
        await cpRow.locator('.monaco-tl-twistie').click();
        await firstNode.waitFor({ state: 'visible', timeout: 60_000 });
        const firstRenderMs = Math.round(performance.now() - t0);
        await wb.screenshot('first-render');
        // The list is virtual: the page's last row ("Show more…") exists on screen only when scrolled to.
        await wb.page.keyboard.press('End');
        await more.waitFor({ state: 'visible', timeout: 60_000 });
        results.push({ nodes: n, firstRenderMs, wholePageMs: Math.round(performance.now() - t0) });
        await wb.screenshot('end-of-first-page');
        console.error(`bench/tree: ${n} nodes, first render ${firstRenderMs} ms`);
      } finally {
        await wb.close();
      }
    }
  } finally {
    spawnSync(process.execPath, ['scripts/lab.mjs', 'sim', 'remove', '--kubeconfig', kubeconfig], { cwd: repoRoot, stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
    await deleteControlPlane(seed, cpName).catch(() => undefined);
  }
  return results;
}
