// Usage history that outlives the extension host: a window reload starts a new fleet model
// with empty ring buffers, so the Node Usage panel would start empty. Each node's samples
// are also kept here (bounded in nodes, samples and age), written to a file in the
// extension's storage now and then and on shutdown, and put before the live samples.
import type { FleetSnapshotReader, ResourceUsage } from '../../core/fleet/types';

export interface UsageStoreOptions {
  historyMs: number;
  /** Samples kept per node (an hour at 15 s is 240). */
  maxSamples?: number;
  /** Nodes kept: the ones sampled most recently. */
  maxNodes?: number;
  now?: () => number;
}

type Stored = Record<string, ResourceUsage[]>;

export class UsageStore {
  private readonly byNode = new Map<string, ResourceUsage[]>();
  private dirty = false;
  private readonly maxSamples: number;
  private readonly maxNodes: number;
  private readonly now: () => number;

  constructor(private readonly opts: UsageStoreOptions) {
    this.maxSamples = opts.maxSamples ?? 240;
    this.maxNodes = opts.maxNodes ?? 200;
    this.now = opts.now ?? Date.now;
  }

  /** Reads what an earlier session saved; anything malformed is dropped. */
  load(json: string | undefined): void {
    if (!json) return;
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      return;
    }
    if (typeof data !== 'object' || data === null) return;
    for (const [id, points] of Object.entries(data as Stored)) {
      if (!Array.isArray(points)) continue;
      const ok = points.filter((p): p is ResourceUsage => typeof p === 'object' && p !== null && typeof p.at === 'number');
      if (ok.length > 0) this.byNode.set(id, ok);
    }
    this.prune();
  }

  /** Adds the samples of `live` newer than what is kept for the node. */
  record(nodeId: string, live: readonly ResourceUsage[]): void {
    const kept = this.byNode.get(nodeId) ?? [];
    const lastAt = kept[kept.length - 1]?.at ?? -Infinity;
    const fresh = live.filter((p) => p.at > lastAt);
    if (fresh.length === 0) return;
    this.byNode.delete(nodeId); // re-insert: Map order is "most recently sampled last"
    this.byNode.set(nodeId, [...kept, ...fresh].slice(-this.maxSamples));
    this.dirty = true;
    if (this.byNode.size > this.maxNodes) this.prune();
  }

  /** The kept samples older than the live ones, then the live ones. */
  history(nodeId: string, live: readonly ResourceUsage[]): ResourceUsage[] {
    const firstLive = live[0]?.at ?? Infinity;
    const cutoff = this.now() - this.opts.historyMs;
    const older = (this.byNode.get(nodeId) ?? []).filter((p) => p.at < firstLive && p.at >= cutoff);
    return older.length === 0 ? [...live] : [...older, ...live];
  }

  /** JSON to save, or undefined when nothing changed since the last call. */
  takeSnapshot(): string | undefined {
    if (!this.dirty) return undefined;
    this.dirty = false;
    this.prune();
    return JSON.stringify(Object.fromEntries(this.byNode));
  }

  private prune(): void {
    const cutoff = this.now() - this.opts.historyMs;
    for (const [id, points] of this.byNode) {
      const kept = points.filter((p) => p.at >= cutoff);
      if (kept.length === 0) this.byNode.delete(id);
      else if (kept.length !== points.length) this.byNode.set(id, kept);
    }
    while (this.byNode.size > this.maxNodes) this.byNode.delete(this.byNode.keys().next().value as string);
  }
}

/** The fleet as panels read it: usage history with the kept samples first. */
export function withStoredUsage(fleet: FleetSnapshotReader, store: UsageStore): FleetSnapshotReader {
  return {
    seeds: () => fleet.seeds(),
    controlPlanes: (id) => fleet.controlPlanes(id),
    controlPlane: (id) => fleet.controlPlane(id),
    nodes: (id) => fleet.nodes(id),
    node: (id) => fleet.node(id),
    joining: (id) => fleet.joining(id),
    latencyHistory: (id) => fleet.latencyHistory(id),
    onEvent: (listener) => fleet.onEvent(listener),
    usageHistory: (nodeId) => store.history(nodeId, fleet.usageHistory(nodeId)),
  };
}
