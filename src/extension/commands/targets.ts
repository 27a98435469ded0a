// What a command acts on, from whatever invoked it: a tree row (the typed element a
// menu passes), an id string (a message row's action, the status bar, a test), or
// `{ nodeId }` / `{ controlPlaneId }` / a model object (another command, a panel).
// The one parser of command arguments; ids themselves are read by core/ids.ts. Pure.
import {
  parseId,
  type ControlPlaneId,
  type DeviceId,
  type ParsedId,
  type SeedId,
} from '../../core/ids';
import type { PanelTarget } from '../../protocol';
import type { FleetElement } from '../tree/elements';

const elementKinds: ReadonlySet<string> = new Set<FleetElement['kind']>(['seed', 'controlPlane', 'group', 'node', 'joining', 'more', 'message']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isElement(v: Record<string, unknown>): v is FleetElement & Record<string, unknown> {
  return typeof v.kind === 'string' && elementKinds.has(v.kind) && typeof v.id === 'string';
}

/** The fleet id a tree row stands for. */
function elementId(el: FleetElement): string | undefined {
  switch (el.kind) {
    case 'seed':
      return el.seedId;
    case 'controlPlane':
    case 'group':
      return el.controlPlaneId;
    case 'node':
      return el.nodeId;
    case 'joining':
      return el.deviceId;
    case 'message':
      return el.message.target ?? el.parentId;
    case 'more':
      return el.parentId;
  }
}

/** The seed, control plane or device one argument names, or undefined. */
export function fleetIdOf(arg: unknown): ParsedId | undefined {
  if (typeof arg === 'string') return parseId(arg);
  if (!isObject(arg)) return undefined;
  if (isElement(arg)) return parseId(elementId(arg));
  if (typeof arg.nodeId === 'string') return parseId(arg.nodeId);
  if (typeof arg.controlPlaneId === 'string') return parseId(arg.controlPlaneId);
  if (isObject(arg.node)) return fleetIdOf(arg.node);
  if (isObject(arg.controlPlane)) return fleetIdOf(arg.controlPlane);
  if (typeof arg.id === 'string') return parseId(arg.id);
  return undefined;
}


export function seedIdFrom(arg: unknown): SeedId | undefined {
  return fleetIdOf(arg)?.seedId;
}

/** The control plane of a control plane, group, node, joining or message row, or of an id. */
export function controlPlaneIdFrom(arg: unknown): ControlPlaneId | undefined {
  const p = fleetIdOf(arg);
  return p && p.kind !== 'seed' ? p.controlPlaneId : undefined;
}

/** A node or joining device. */
export function deviceIdFrom(arg: unknown): DeviceId | undefined {
  const p = fleetIdOf(arg);
  return p?.kind === 'device' ? p.deviceId : undefined;
}

/** What a panel shows for one argument: its control plane, and the node when it names one. */
export function panelTargetFrom(arg: unknown): PanelTarget | undefined {
  const p = fleetIdOf(arg);
  if (!p || p.kind === 'seed') return undefined;
  return p.kind === 'device' ? { controlPlaneId: p.controlPlaneId, nodeId: p.deviceId } : { controlPlaneId: p.controlPlaneId };
}

/** The first of `args` a panel can show (VS Code passes the clicked row, then the selection). */
export function panelTargetFromArgs(args: readonly unknown[]): PanelTarget | undefined {
  for (const a of args) {
    const t = panelTargetFrom(a);
    if (t) return t;
  }
  return undefined;
}
