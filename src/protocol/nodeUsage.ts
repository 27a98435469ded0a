// Messages of the Node Usage panel. Host -> webview: `init` (whole state, after
// `ready`), then `rows` (changed nodes), `samples` (new points for the selected
// node) and `history` (the selected node's whole window). Webview -> host: `ready`,
// `selectNode`.
import { arrayOf, isNumber, isRecord, isString, objectOf, optional, type Guard } from './guards';
import { isControlPlaneRef, isNodeState, type ControlPlaneRef, type NodeStateDto, type ReadyMessage } from './common';
import { isNodeUsageStrings, type NodeUsageStrings } from './strings';

export interface UsageRow {
  id: string;
  name: string;
  state: NodeStateDto;
  cpuMillicores?: number;
  cpuAllocatableMillicores?: number;
  memoryBytes?: number;
  memoryAllocatableBytes?: number;
  fsUsedBytes?: number;
  fsCapacityBytes?: number;
  pods?: number;
  podsAllocatable?: number;
  /** epoch ms of the last Lease renewal */
  lastHeartbeat?: number;
  /** epoch ms of the latest usage sample */
  sampledAt?: number;
  /** the model's reason when no usage source answers; shown instead of zeros */
  usageUnavailableReason?: string;
}

export interface UsagePoint {
  at: number;
  cpuMillicores?: number;
  memoryBytes?: number;
}

export interface NodeHistory {
  nodeId: string;
  points: UsagePoint[];
}

export interface NodeUsageInit {
  type: 'init';
  controlPlane: ControlPlaneRef;
  strings: NodeUsageStrings;
  /** BCP 47 tag for number formatting (vscode.env.language) */
  locale: string;
  /** host clock, so ages are right even when the browser's clock is not */
  now: number;
  historyMinutes: number;
  rows: UsageRow[];
  /** the node the panel was opened for, if any */
  focusNodeId?: string;
  /** history of the selected node (the one `ready` named, else the focus, else the first) */
  history?: NodeHistory;
}

export interface NodeUsageRows {
  type: 'rows';
  now: number;
  controlPlane: ControlPlaneRef;
  /** added or changed rows, upserted by id */
  rows: UsageRow[];
  removed: string[];
}

export interface NodeUsageSamples {
  type: 'samples';
  now: number;
  nodeId: string;
  points: UsagePoint[];
}

export interface NodeUsageHistory {
  type: 'history';
  now: number;
  history: NodeHistory;
}

export type HostToNodeUsage = NodeUsageInit | NodeUsageRows | NodeUsageSamples | NodeUsageHistory;

export interface SelectNodeMessage {
  type: 'selectNode';
  nodeId: string;
}

/** `ready`, plus the node the webview had selected before it was hidden or reloaded. */
export interface NodeUsageReady extends ReadyMessage {
  selectedNodeId?: string;
}

export type NodeUsageToHost = NodeUsageReady | SelectNodeMessage;

export const isUsageRow: Guard<UsageRow> = objectOf<UsageRow>({
  id: isString,
  name: isString,
  state: isNodeState,
  cpuMillicores: optional(isNumber),
  cpuAllocatableMillicores: optional(isNumber),
  memoryBytes: optional(isNumber),
  memoryAllocatableBytes: optional(isNumber),
  fsUsedBytes: optional(isNumber),
  fsCapacityBytes: optional(isNumber),
  pods: optional(isNumber),
  podsAllocatable: optional(isNumber),
  lastHeartbeat: optional(isNumber),
  sampledAt: optional(isNumber),
  usageUnavailableReason: optional(isString),
});

export const isUsagePoint: Guard<UsagePoint> = objectOf<UsagePoint>({
  at: isNumber,
  cpuMillicores: optional(isNumber),
  memoryBytes: optional(isNumber),
});

export const isNodeHistory: Guard<NodeHistory> = objectOf<NodeHistory>({
  nodeId: isString,
  points: arrayOf(isUsagePoint),
});

const isInit = objectOf<NodeUsageInit>({
  type: (v): v is 'init' => v === 'init',
  controlPlane: isControlPlaneRef,
  strings: isNodeUsageStrings,
  locale: isString,
  now: isNumber,
  historyMinutes: isNumber,
  rows: arrayOf(isUsageRow),
  focusNodeId: optional(isString),
  history: optional(isNodeHistory),
});

const isRows = objectOf<NodeUsageRows>({
  type: (v): v is 'rows' => v === 'rows',
  now: isNumber,
  controlPlane: isControlPlaneRef,
  rows: arrayOf(isUsageRow),
  removed: arrayOf(isString),
});

const isSamples = objectOf<NodeUsageSamples>({
  type: (v): v is 'samples' => v === 'samples',
  now: isNumber,
  nodeId: isString,
  points: arrayOf(isUsagePoint),
});

const isHistory = objectOf<NodeUsageHistory>({
  type: (v): v is 'history' => v === 'history',
  now: isNumber,
  history: isNodeHistory,
});

export function isHostToNodeUsage(v: unknown): v is HostToNodeUsage {
  if (!isRecord(v)) return false;
  switch (v.type) {
    case 'init': return isInit(v);
    case 'rows': return isRows(v);
    case 'samples': return isSamples(v);
    case 'history': return isHistory(v);
    default: return false;
  }
}

export function isNodeUsageToHost(v: unknown): v is NodeUsageToHost {
  if (!isRecord(v)) return false;
  switch (v.type) {
    case 'ready': return v.selectedNodeId === undefined || isString(v.selectedNodeId);
    case 'selectNode': return isString(v.nodeId);
    default: return false;
  }
}
