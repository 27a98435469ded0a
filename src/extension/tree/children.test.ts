import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ElementCache, type FleetElement } from './elements';
import { TreeChildren } from './children';
import { rowsToRefresh, ShownRows } from './eventRouting';
import { FakeFleet } from '../../../test/support/fakeFleet';

function setup(nodes: number, sites = 0, pageSize = 200, pages = new Map<string, number>()) {
  const fleet = new FakeFleet({ nodesPerControlPlane: nodes, sites });
  const cache = new ElementCache();
  const children = new TreeChildren(fleet, cache, {
    groupByLabel: 'edgeplane.dev/site',
    pageSize,
    pagesShown: (id) => pages.get(id) ?? 1,
  });
  return { fleet, cache, children, pages };
}

test('seeds, then control planes, then nodes, with stable ids', () => {
  const { children } = setup(3);
  const [seed] = children.seeds();
  assert.equal(seed?.id, 'seed-0');
  const [cp] = children.of(seed as FleetElement);
  assert.equal(cp?.id, 'seed-0/edge-0');
  const nodes = children.of(cp as FleetElement);
  assert.deepEqual(
    nodes.map((n) => n.id),
    ['seed-0/edge-0/node-00000', 'seed-0/edge-0/node-00001', 'seed-0/edge-0/node-00002'],
  );
});

test('element objects are the same across refreshes, so a refresh can name one', () => {
  const { children } = setup(5);
  const seed = children.seeds()[0] as FleetElement;
  const cp = children.of(seed)[0] as FleetElement;
  const first = children.of(cp);
  const second = children.of(cp);
  assert.equal(first[2], second[2]);
  assert.equal(children.seeds()[0], seed);
});

test('pages a long list and adds a "more" row that grows with each page', () => {
  const { children, pages } = setup(450, 0, 200);
  const cp = children.of(children.seeds()[0] as FleetElement)[0] as FleetElement;
  const page1 = children.of(cp);
  assert.equal(page1.length, 201);
  const more = page1[200];
  assert.equal(more?.kind, 'more');
  assert.ok(more?.kind === 'more' && more.shown === 200 && more.total === 450);
  pages.set(cp.id, 3);
  const all = children.of(cp);
  assert.equal(all.length, 450);
  assert.ok(all.every((e) => e.kind === 'node'));
});

test('groups by the site label, with counts, unlabelled last', () => {
  const { fleet, children } = setup(100, 4);
  const extra = fleet.nodes('seed-0/edge-0')[0];
  assert.ok(extra);
  delete extra.labels['edgeplane.dev/site'];
  const cp = children.of(children.seeds()[0] as FleetElement)[0] as FleetElement;
  const groups = children.of(cp);
  assert.deepEqual(
    groups.map((g) => (g.kind === 'group' ? [g.value, g.total] : g.kind)),
    [['site-0', 24], ['site-1', 25], ['site-2', 25], ['site-3', 25], [undefined, 1]],
  );
  const site1 = groups[1] as FleetElement;
  assert.equal(children.of(site1).length, 25);
});

test('empty states: no control planes, unreachable seed, no nodes', () => {
  const { fleet, children } = setup(0);
  const seed = children.seeds()[0] as FleetElement;
  const cp = children.of(seed)[0] as FleetElement;
  const noNodes = children.of(cp);
  assert.equal(noNodes.length, 1);
  assert.ok(noNodes[0]?.kind === 'message' && noNodes[0].message.kind === 'noNodes');
  fleet.cps.clear();
  const noCps = children.of(seed);
  assert.ok(noCps[0]?.kind === 'message' && noCps[0].message.kind === 'noControlPlanes');
  const sv = fleet.seedViews[0];
  assert.ok(sv);
  sv.connection = { state: 'unreachable', reason: 'connect ECONNREFUSED' };
  const down = children.of(seed);
  assert.ok(down[0]?.kind === 'message' && down[0].message.kind === 'seedUnreachable');
  assert.ok(down[0].kind === 'message' && down[0].message.detail === 'connect ECONNREFUSED');
});

test('a node event refreshes that one row; usage only the rows on screen; seeds the root', () => {
  const { children, cache } = setup(300);
  const shown = new ShownRows();
  const seeds = children.seeds();
  shown.record('', seeds);
  const cp = children.of(seeds[0] as FleetElement)[0] as FleetElement;
  shown.record('seed-0', [cp]);
  const nodes = children.of(cp);
  shown.record(cp.id, nodes);
  const r = rowsToRefresh({ kind: 'node', nodeId: 'seed-0/edge-0/node-00003', controlPlaneId: cp.id }, cache, shown);
  assert.ok(Array.isArray(r) && r.length === 1 && r[0] === nodes[3]);
  // node-00250 is on the second page, not shown: nothing to do.
  assert.deepEqual(rowsToRefresh({ kind: 'node', nodeId: 'seed-0/edge-0/node-00250', controlPlaneId: cp.id }, cache, shown), []);
  const u = rowsToRefresh(
    { kind: 'usage', controlPlaneId: cp.id, nodeIds: ['seed-0/edge-0/node-00001', 'seed-0/edge-0/node-00299'] },
    cache,
    shown,
  );
  assert.ok(Array.isArray(u) && u.length === 1 && u[0]?.id === 'seed-0/edge-0/node-00001');
  assert.deepEqual(rowsToRefresh({ kind: 'nodes', controlPlaneId: cp.id }, cache, shown), [cp]);
  assert.equal(rowsToRefresh({ kind: 'seeds' }, cache, shown), 'root');
});
