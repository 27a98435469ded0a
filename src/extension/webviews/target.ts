// What a "Show ..." command was invoked on: a tree element, an id from the status
// bar or a test, or nothing (then the command asks). Pure, so it is unit tested.
import { isRecord, type PanelTarget } from '../../protocol';

/** Ids are `${seed}/${controlPlane}` and `${seed}/${controlPlane}/${node}` (fleet/types.ts). */
export function targetFromId(id: string): PanelTarget | undefined {
  const parts = id.split('/');
  if (parts.some((p) => p === '')) return undefined;
  if (parts.length === 2) return { controlPlaneId: id };
  if (parts.length === 3) return { controlPlaneId: `${parts[0]}/${parts[1]}`, nodeId: id };
  return undefined;
}

/**
 * Accepts the shapes a caller is likely to hand over: an id string, `{ nodeId }`,
 * `{ controlPlaneId }`, a tree element wrapping `node` (EdgeNodeInfo) or
 * `controlPlane` (ControlPlaneView), or a bare model object with `id`.
 */
export function targetFromArgs(args: readonly unknown[]): PanelTarget | undefined {
  for (const a of args) {
    const t = targetFrom(a);
    if (t) return t;
  }
  return undefined;
}

function targetFrom(a: unknown): PanelTarget | undefined {
  if (typeof a === 'string') return targetFromId(a);
  if (!isRecord(a)) return undefined;
  if (typeof a.nodeId === 'string') return targetFromId(a.nodeId);
  if (typeof a.controlPlaneId === 'string') return targetFromId(a.controlPlaneId);
  if (isRecord(a.node)) return targetFrom(a.node);
  if (isRecord(a.controlPlane)) return targetFrom(a.controlPlane);
  if (typeof a.id === 'string') return targetFromId(a.id);
  return undefined;
}
