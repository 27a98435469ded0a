// Maps one fleet model event to the fewest tree rows to refresh. 'root' means the
// whole tree (seeds added or removed); an empty list means nothing on screen changed.
import { seedOf } from '../../core/ids';
import type { FleetEvent } from '../../core/fleet/types';
import type { ElementCache, FleetElement } from './elements';

export type Refresh = 'root' | FleetElement[];

/** Which rows VS Code currently holds: children last returned per parent. */
export class ShownRows {
  private readonly byParent = new Map<string, string[]>();
  private readonly shown = new Set<string>();

  record(parentId: string, children: readonly FleetElement[]): void {
    for (const id of this.byParent.get(parentId) ?? []) this.shown.delete(id);
    const ids = children.map((c) => c.id);
    this.byParent.set(parentId, ids);
    for (const id of ids) this.shown.add(id);
  }

  has(id: string): boolean {
    return this.shown.has(id);
  }

  clear(): void {
    this.byParent.clear();
    this.shown.clear();
  }
}

export function rowsToRefresh(e: FleetEvent, cache: ElementCache, shown: ShownRows): Refresh {
  const visible = (id: string): FleetElement | undefined => (shown.has(id) ? cache.get(id) : undefined);
  const one = (id: string): Refresh => {
    const el = visible(id);
    return el ? [el] : [];
  };
  switch (e.kind) {
    case 'seeds':
      return 'root';
    case 'seed':
      return shown.has(e.seedId) ? one(e.seedId) : 'root';
    case 'controlPlanes':
      return one(e.seedId);
    case 'controlPlane': {
      if (shown.has(e.controlPlaneId)) return one(e.controlPlaneId);
      // A new control plane: its seed's children changed.
      return one(seedOf(e.controlPlaneId) ?? '');
    }
    case 'node':
      // A node not on screen (collapsed, or on a page not shown) needs no work: heartbeats
      // of 10,000 nodes must not re-render their list. Added and removed nodes come as 'nodes'.
      return one(e.nodeId);
    case 'nodes':
    case 'joining':
      return one(e.controlPlaneId);
    case 'usage': {
      const out: FleetElement[] = [];
      for (const id of e.nodeIds) {
        const el = visible(id);
        if (el) out.push(el);
      }
      return out;
    }
    case 'connection':
      return one(e.clusterId);
  }
}
