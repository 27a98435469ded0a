// Tree elements are small handles keyed by a stable id; what they show is read from
// the fleet model when VS Code asks. One object per id, kept across refreshes, so
// firing onDidChangeTreeData(element) refreshes exactly that row. A seed, control plane,
// node or joining device row's id is its fleet id (core/ids.ts); the rows only the tree
// has (groups, "show more", messages) add a `#kind` part no fleet id can hold.
import { isWithin, type ControlPlaneId, type DeviceId, type SeedId } from '../../core/ids';

export type FleetElement =
  | { kind: 'seed'; id: string; parentId?: undefined; seedId: SeedId }
  | { kind: 'controlPlane'; id: string; parentId: string; controlPlaneId: ControlPlaneId }
  | { kind: 'group'; id: string; parentId: string; controlPlaneId: ControlPlaneId; value: string | undefined; total: number; notReady: number }
  | { kind: 'node'; id: string; parentId: string; controlPlaneId: ControlPlaneId; nodeId: DeviceId }
  | { kind: 'joining'; id: string; parentId: string; controlPlaneId: ControlPlaneId; deviceId: DeviceId; name: string }
  | { kind: 'more'; id: string; parentId: string; shown: number; total: number }
  | { kind: 'message'; id: string; parentId: string; message: TreeMessage };

export type MessageKind = 'loading' | 'seedUnreachable' | 'noControlPlanes' | 'noNodes' | 'controlPlaneUnreachable';

export interface TreeMessage {
  kind: MessageKind;
  /** Cluster-provided detail (a reason), shown verbatim. */
  detail?: string;
  /** Arguments the message's action command receives (the seed or control plane id). */
  target?: string;
}

type Kind = FleetElement['kind'];
type ElementOf<K extends Kind> = Extract<FleetElement, { kind: K }>;

export const groupId = (controlPlaneId: string, value: string | undefined): string =>
  `${controlPlaneId}/#group/${value === undefined ? '-' : `=${value}`}`;
export const moreId = (parentId: string): string => `${parentId}/#more`;
export const messageId = (parentId: string, kind: MessageKind): string => `${parentId}/#message/${kind}`;

export class ElementCache {
  private readonly byId = new Map<string, FleetElement>();

  /** The element for `fresh.id`: the existing object updated in place, or `fresh` itself. */
  upsert<K extends Kind>(fresh: ElementOf<K>): ElementOf<K> {
    const existing = this.byId.get(fresh.id);
    if (existing && existing.kind === fresh.kind) {
      Object.assign(existing, fresh);
      return existing as ElementOf<K>;
    }
    this.byId.set(fresh.id, fresh);
    return fresh;
  }

  get(id: string): FleetElement | undefined {
    return this.byId.get(id);
  }

  /** Forgets `id` and everything below it (a removed seed or control plane). */
  forgetBelow(id: string): void {
    for (const key of this.byId.keys()) if (isWithin(key, id)) this.byId.delete(key);
  }

  get size(): number {
    return this.byId.size;
  }
}
