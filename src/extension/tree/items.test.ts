import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { EdgeNodeInfo } from '../../core/fleet/types';
import { commands } from '../constants';
import { itemFor, nodeItem, type ItemContext } from './items';
import { plainL10n } from './l10nTypes';
import { FakeFleet } from '../../../test/support/fakeFleet';

const now = 1_800_000_000_000;

function ctxFor(fleet: FakeFleet): ItemContext {
  return { reader: fleet, l10n: plainL10n, now, groupByLabel: 'edgeplane.dev/site' };
}

function node(fleet: FakeFleet, i = 0): EdgeNodeInfo {
  const n = fleet.nodes('seed-0/edge-0')[i];
  assert.ok(n);
  return n;
}

test('a ready node shows heartbeat age, CPU and memory percent', () => {
  const fleet = new FakeFleet({ nodesPerControlPlane: 1, now });
  const item = nodeItem(node(fleet), ctxFor(fleet));
  assert.equal(item.label, 'node-00000');
  assert.equal(item.description, 'heartbeat 5s ago · CPU 10% · Mem 50%');
  assert.equal(item.contextValue, 'edgeNode.ready.ssh');
  assert.equal(item.icon?.id, 'vm-running');
  assert.match(item.tooltip ?? '', /Kubelet: v1\\\.35\\\.4/);
  assert.match(item.tooltip ?? '', /Allocatable: 1900m CPU, 1\.8 GiB, 110 pods/);
});

test('a disconnected node says since when, and why usage is missing', () => {
  const fleet = new FakeFleet({ nodesPerControlPlane: 1, now });
  const n = node(fleet);
  n.state = 'Disconnected';
  n.disconnectedSince = now - 125_000;
  n.usage = undefined;
  n.usageUnavailableReason = 'no route from the apiserver to the kubelet';
  n.internalIP = undefined;
  n.transitions = [{ at: now - 125_000, from: 'Ready', to: 'Disconnected', reason: 'lease expired' }];
  const item = nodeItem(n, ctxFor(fleet));
  assert.equal(item.description, 'Disconnected · disconnected 2m');
  assert.equal(item.contextValue, 'edgeNode.disconnected');
  assert.match(item.tooltip ?? '', /Usage unavailable: no route from the apiserver to the kubelet/);
  assert.match(item.tooltip ?? '', /Ready → Disconnected \(lease expired\)/);
});

test('a Ready node the apiserver cannot reach says there is no tunnel, apart from its heartbeat', () => {
  const fleet = new FakeFleet({ nodesPerControlPlane: 1, now });
  const n = node(fleet);
  n.usage = undefined;
  n.usageUnavailableReason = 'no tunnel from this device yet';
  n.kubeletReach = { state: 'unreachable', since: now - 60_000, reason: 'no tunnel from this device yet: its tunnel agent is not connected to the control plane', noTunnel: true };
  const item = nodeItem(n, ctxFor(fleet));
  assert.equal(item.description, 'heartbeat 5s ago · no usage: no tunnel from this device yet');
  assert.match(item.tooltip ?? '', /cannot reach its kubelet .*no tunnel from this device yet/);
  n.kubeletReach = { state: 'reachable', since: now - 60_000 };
  assert.match(nodeItem(n, ctxFor(fleet)).tooltip ?? '', /reaches its kubelet through the tunnel/);
});

test('a Ready node whose runtime starts no sandbox says so, with the kubelet\'s reason', () => {
  const fleet = new FakeFleet({ nodesPerControlPlane: 1, now });
  const n = node(fleet);
  n.state = 'Ready';
  n.runtimeProblem = 'cannot start pods: Failed to create pod sandbox: OCI runtime create failed';
  const item = nodeItem(n, ctxFor(fleet));
  assert.match(item.description ?? '', /^cannot run pods/);
  assert.equal(item.icon?.id, 'warning');
  assert.match(item.tooltip ?? '', /Container runtime: cannot start pods: Failed to create pod sandbox: OCI runtime create failed/);
});

test('a control plane shows version and Ready/total, and its phase when not Running', () => {
  const fleet = new FakeFleet({ nodesPerControlPlane: 100, now });
  const cp = fleet.controlPlane('seed-0/edge-0');
  assert.ok(cp);
  const el = { kind: 'controlPlane' as const, id: cp.id, parentId: 'seed-0', controlPlaneId: cp.id };
  assert.equal(itemFor(el, ctxFor(fleet)).description, 'v1.35.4 · 98/100 Ready');
  cp.phase = 'Degraded';
  const item = itemFor(el, ctxFor(fleet));
  assert.equal(item.description, 'v1.35.4 · 98/100 Ready · Degraded');
  assert.equal(item.contextValue, 'controlPlane.degraded');
});

test('empty-state messages carry the action that fixes them', () => {
  const fleet = new FakeFleet({ nodesPerControlPlane: 0, now });
  const noNodes = itemFor(
    { kind: 'message', id: 'x', parentId: 'seed-0/edge-0', message: { kind: 'noNodes', target: 'seed-0/edge-0' } },
    ctxFor(fleet),
  );
  assert.equal(noNodes.command?.command, commands.bootstrapDevice);
  assert.deepEqual(noNodes.command?.arguments, ['seed-0/edge-0']);
  const noCps = itemFor({ kind: 'message', id: 'y', parentId: 'seed-0', message: { kind: 'noControlPlanes', target: 'seed-0' } }, ctxFor(fleet));
  assert.equal(noCps.command?.command, commands.createControlPlane);
});

test('every tree command argument and label string is translatable (l10n.t is used)', () => {
  // Guards against bare strings creeping into items.ts: every label literal goes through l10n.t.
  const src = readFileSync(new URL('./items.ts', import.meta.url), 'utf8');
  assert.doesNotMatch(src, /label: '[A-Za-z]/);
  assert.doesNotMatch(src, /description: '[A-Za-z]/);
});

test('right after a reload a control plane says "connecting…", never "0/0 Ready · Degraded"', async () => {
  const { controlPlaneItem } = await import('./items');
  const fleet = new FakeFleet({ nodesPerControlPlane: 2, now });
  const cp = fleet.controlPlane('seed-0/edge-0');
  assert.ok(cp);
  const syncing = controlPlaneItem({ ...cp, phase: 'Running', syncing: true, nodeCount: 0, readyCount: 0 }, ctxFor(fleet));
  assert.match(syncing.description ?? '', /connecting…/);
  assert.doesNotMatch(syncing.description ?? '', /0\/0 Ready|Degraded/);
  assert.equal(syncing.icon?.id, 'loading~spin');
  const noEdgeYet = controlPlaneItem({ ...cp, phase: 'Running', connection: { state: 'unknown' }, nodeCount: 0, readyCount: 0 }, ctxFor(fleet));
  assert.match(noEdgeYet.description ?? '', /connecting…/);
  // Once read, the counts show; an edge cluster that failed says so rather than "connecting".
  const read = controlPlaneItem({ ...cp, phase: 'Running', connection: { state: 'connected', latencyMs: 4 } }, ctxFor(fleet));
  assert.match(read.description ?? '', /2\/2 Ready/);
  const failed = controlPlaneItem({ ...cp, phase: 'Running', connection: { state: 'unknown', reason: 'cannot read the admin kubeconfig' }, nodeCount: 0, readyCount: 0 }, ctxFor(fleet));
  assert.match(failed.description ?? '', /0\/0 Ready/);
});

test('a seed not probed yet says "connecting…", not "unknown"', () => {
  const fleet = new FakeFleet({ nodesPerControlPlane: 1, now });
  const seed = fleet.seeds()[0];
  assert.ok(seed);
  const reader = Object.assign(Object.create(fleet) as FakeFleet, { seeds: () => [{ ...seed, connection: { state: 'unknown' as const } }] });
  const item = itemFor({ kind: 'seed', id: seed.id, seedId: seed.id }, { ...ctxFor(fleet), reader });
  assert.match(item?.description ?? '', /connecting…/);
});
