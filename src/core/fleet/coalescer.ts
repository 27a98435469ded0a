// Batches fleet events so a burst (a relist of 10,000 nodes) reaches the tree as
// a few events: identical events merge, and many node events of one control plane
// collapse into one "nodes" event.
import type { FleetEvent } from './types';

export interface CoalescerOptions {
  delayMs?: number;
  /** More node events than this for one control plane in a batch become one 'nodes' event. */
  maxNodeEvents?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export function eventKey(e: FleetEvent): string {
  switch (e.kind) {
    case 'seed': return `seed|${e.seedId}`;
    case 'seeds': return 'seeds';
    case 'controlPlane': return `cp|${e.controlPlaneId}`;
    case 'controlPlanes': return `cps|${e.seedId}`;
    case 'node': return `node|${e.nodeId}`;
    case 'nodes': return `nodes|${e.controlPlaneId}`;
    case 'joining': return `joining|${e.controlPlaneId}`;
    case 'usage': return `usage|${e.controlPlaneId}`;
    case 'connection': return `conn|${e.clusterId}`;
  }
}

/** Merges a batch: pure, so it is tested without timers. */
export function coalesce(batch: FleetEvent[], maxNodeEvents = 200): FleetEvent[] {
  const byKey = new Map<string, FleetEvent>();
  const nodeCounts = new Map<string, number>();
  for (const e of batch) {
    const key = eventKey(e);
    const prev = byKey.get(key);
    if (e.kind === 'usage' && prev?.kind === 'usage') {
      byKey.set(key, { ...prev, nodeIds: [...new Set([...prev.nodeIds, ...e.nodeIds])] });
      continue;
    }
    if (prev) continue;
    byKey.set(key, e);
    if (e.kind === 'node') nodeCounts.set(e.controlPlaneId, (nodeCounts.get(e.controlPlaneId) ?? 0) + 1);
  }
  const collapsed = new Set<string>();
  for (const [cp, n] of nodeCounts) if (n > maxNodeEvents) collapsed.add(cp);
  const out: FleetEvent[] = [];
  const collapsedEmitted = new Set<string>();
  for (const e of byKey.values()) {
    if (e.kind === 'node' && collapsed.has(e.controlPlaneId)) {
      if (!collapsedEmitted.has(e.controlPlaneId) && !byKey.has(`nodes|${e.controlPlaneId}`)) {
        out.push({ kind: 'nodes', controlPlaneId: e.controlPlaneId });
      }
      collapsedEmitted.add(e.controlPlaneId);
      continue;
    }
    out.push(e);
  }
  return out;
}

export class EventCoalescer {
  private pending: FleetEvent[] = [];
  private timer: unknown;
  private readonly listeners = new Set<(e: FleetEvent) => void>();
  private readonly delayMs: number;
  private readonly maxNodeEvents: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(options: CoalescerOptions = {}) {
    this.delayMs = options.delayMs ?? 100;
    this.maxNodeEvents = options.maxNodeEvents ?? 200;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  }

  on(listener: (e: FleetEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  emit(e: FleetEvent): void {
    this.pending.push(e);
    if (this.timer === undefined) this.timer = this.setTimer(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    for (const e of coalesce(batch, this.maxNodeEvents)) {
      for (const l of [...this.listeners]) {
        try {
          l(e);
        } catch {
          // A failing listener must not starve the others.
        }
      }
    }
  }

  dispose(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.listeners.clear();
  }
}
