// bench/tree, plain-Node half: what the Fleet tree's own code costs to produce the first
// render of a control plane with N nodes — getChildren down to the nodes, then an item
// (label, description, tooltip, icon, contextValue) for every row VS Code would show.
// VS Code's rendering is not in this number; bench/tree/vscodeRender.ts measures that.
// Run through bench/tree/main.ts.
import { performance } from 'node:perf_hooks';
import { TreeChildren } from '../../src/extension/tree/children';
import { ElementCache, type FleetElement } from '../../src/extension/tree/elements';
import { itemFor } from '../../src/extension/tree/items';
import { plainL10n } from '../../src/extension/tree/l10nTypes';
import { FakeFleet } from '../../test/support/fakeFleet';

interface Case {
  nodes: number;
  sites: number;
  pageSize: number;
}

function firstRender(c: Case): { ms: number; rows: number } {
  const fleet = new FakeFleet({ nodesPerControlPlane: c.nodes, sites: c.sites });
  const t0 = performance.now();
  const cache = new ElementCache();
  const children = new TreeChildren(fleet, cache, { groupByLabel: 'edgeplane.dev/site', pageSize: c.pageSize, pagesShown: () => 1 });
  const ctx = { reader: fleet, l10n: plainL10n, now: Date.now(), groupByLabel: 'edgeplane.dev/site' };
  let rows = 0;
  const render = (els: FleetElement[]): void => {
    for (const el of els) {
      itemFor(el, ctx);
      rows++;
    }
  };
  const seeds = children.seeds();
  render(seeds);
  const cps = children.of(seeds[0] as FleetElement);
  render(cps);
  const level = children.of(cps[0] as FleetElement);
  render(level);
  // With sites, the person opens one site: its page of nodes renders too.
  if (level[0]?.kind === 'group') render(children.of(level[0]));
  return { ms: performance.now() - t0, rows };
}

const cases: Case[] = [
  { nodes: 1_000, sites: 0, pageSize: 200 },
  { nodes: 10_000, sites: 0, pageSize: 200 },
  { nodes: 10_000, sites: 20, pageSize: 200 },
  { nodes: 10_000, sites: 0, pageSize: 10_000 },
];

export interface ProviderCostRow {
  nodes: number;
  shape: string;
  rows: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

/** Median of three timed first renders per case, after one warm-up (JIT, not the figure). */
export function providerCost(): ProviderCostRow[] {
  return cases.map((c) => {
    firstRender(c);
    const runs = [firstRender(c), firstRender(c), firstRender(c)].map((r) => r.ms).sort((a, b) => a - b);
    const { rows } = firstRender(c);
    const shape = c.sites ? `${c.sites} sites, one opened` : c.pageSize >= c.nodes ? 'no paging (all rows)' : `flat, page ${c.pageSize}`;
    const r1 = (x: number | undefined): number => Math.round((x ?? 0) * 10) / 10;
    return { nodes: c.nodes, shape, rows, medianMs: r1(runs[1]), minMs: r1(runs[0]), maxMs: r1(runs[2]) };
  });
}
