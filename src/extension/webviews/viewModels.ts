// Fleet model -> protocol DTOs. No vscode here, so it is unit tested in plain Node.
import { displayName, seedOf } from '../../core/ids';
import type {
  ControlPlaneView,
  EdgeNodeInfo,
  LatencySample,
  ResourceUsage,
} from '../../core/fleet/types';
import type {
  ConnectionDto,
  ControlPlaneRef,
  HeartbeatRow,
  LatencyPoint,
  TimelineEntry,
  UsagePoint,
  UsageRow,
} from '../../protocol';

/** Enough transitions for a day of a flapping link, small enough to post whole. */
export const timelineLimit = 200;

export function controlPlaneRef(id: string, cp: ControlPlaneView | undefined): ControlPlaneRef {
  if (cp) return { id, name: cp.name, seed: cp.seed, known: true };
  return { id, name: displayName(id), seed: seedOf(id) ?? '', known: false };
}

export function usageRow(n: EdgeNodeInfo): UsageRow {
  const u = n.usage;
  return dropUndefined({
    id: n.id,
    name: n.name,
    state: n.state,
    cpuMillicores: u?.cpuMillicores,
    cpuAllocatableMillicores: n.allocatable.cpuMillicores,
    memoryBytes: u?.memoryBytes,
    memoryAllocatableBytes: n.allocatable.memoryBytes,
    fsUsedBytes: u?.fsUsedBytes,
    fsCapacityBytes: u?.fsCapacityBytes,
    pods: u?.pods,
    podsAllocatable: n.allocatable.pods,
    lastHeartbeat: n.lastHeartbeat,
    sampledAt: u?.at,
    usageUnavailableReason: n.usageUnavailableReason,
  });
}

export function usagePoint(u: ResourceUsage): UsagePoint {
  return dropUndefined({ at: u.at, cpuMillicores: u.cpuMillicores, memoryBytes: u.memoryBytes });
}

/** Samples strictly newer than `after`: what a panel has not been sent yet. */
export function pointsAfter(history: readonly ResourceUsage[], after: number): UsagePoint[] {
  return history.filter((u) => u.at > after).map(usagePoint);
}

export function latencyPoint(s: LatencySample): LatencyPoint {
  return dropUndefined({ at: s.at, latencyMs: s.latencyMs, ok: s.ok });
}

export function latencyAfter(history: readonly LatencySample[], after: number): LatencyPoint[] {
  return history.filter((s) => s.at > after).map(latencyPoint);
}

export function connectionDto(cp: ControlPlaneView | undefined): ConnectionDto {
  const c = cp?.connection;
  if (!c) return { state: 'unknown' };
  const probedAt = c.probedAt ? Date.parse(c.probedAt) : undefined;
  return dropUndefined({
    state: c.state,
    reason: c.reason,
    latencyMs: c.latencyMs,
    probedAt: probedAt !== undefined && Number.isFinite(probedAt) ? probedAt : undefined,
  });
}

export function heartbeatRow(n: EdgeNodeInfo): HeartbeatRow {
  return dropUndefined({
    id: n.id,
    name: n.name,
    state: n.state,
    lastHeartbeat: n.lastHeartbeat,
    disconnectedSince: n.disconnectedSince,
    kubeletReach: n.kubeletReach && dropUndefined({ state: n.kubeletReach.state, since: n.kubeletReach.since, reason: n.kubeletReach.reason }),
  });
}

/** Every node's transitions merged, newest first, bounded. */
export function timeline(nodes: readonly EdgeNodeInfo[], limit = timelineLimit): TimelineEntry[] {
  const all: TimelineEntry[] = [];
  for (const n of nodes) {
    for (const t of n.transitions) {
      all.push(dropUndefined({ nodeId: n.id, nodeName: n.name, at: t.at, from: t.from, to: t.to, reason: t.reason }));
    }
  }
  all.sort((a, b) => b.at - a.at || a.nodeName.localeCompare(b.nodeName));
  return all.slice(0, limit);
}

/**
 * Which rows changed since the last post. Rows are compared by value, so a
 * `nodes` event that changed nothing visible posts nothing.
 */
export class RowDiffer<R extends { id: string }> {
  private last = new Map<string, string>();

  reset(rows: readonly R[]): void {
    this.last = new Map(rows.map((r) => [r.id, JSON.stringify(r)]));
  }

  diff(rows: readonly R[]): { changed: R[]; removed: string[] } {
    const next = new Map<string, string>();
    const changed: R[] = [];
    for (const r of rows) {
      const json = JSON.stringify(r);
      next.set(r.id, json);
      if (this.last.get(r.id) !== json) changed.push(r);
    }
    const removed = [...this.last.keys()].filter((id) => !next.has(id));
    this.last = next;
    return { changed, removed };
  }
}

/** The clusterId under which the model keeps a control plane's connection and latency. */
export function clusterIdOf(controlPlaneId: string): string {
  return controlPlaneId;
}

// postMessage clones values; undefined fields would survive as keys. Dropping them
// keeps messages small and makes the row differ compare what the webview sees.
function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
