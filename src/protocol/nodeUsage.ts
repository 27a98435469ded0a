// Messages of the Node Usage panel. Host -> webview: `init` (whole state, after
// `ready`), then `rows` (changed nodes), `samples` (new points for the selected
// node) and `history` (the selected node's whole window). Webview -> host: `ready`,
// `selectNode`. Each is declared once, as its guard; the type follows.
import { arrayOf, isNumber, isString, literal, messageOf, objectOf, optional, type Guarded } from './guards';
import { initFields, isNodeState, rowUpdateFields } from './common';
import { isNodeUsageStrings } from './strings';

export const isUsageRow = objectOf({
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
  /** epoch ms of the last Lease renewal */
  lastHeartbeat: optional(isNumber),
  /** epoch ms of the latest usage sample */
  sampledAt: optional(isNumber),
  /** the model's reason when no usage source answers; shown instead of zeros */
  usageUnavailableReason: optional(isString),
});
export type UsageRow = Guarded<typeof isUsageRow>;

export const isUsagePoint = objectOf({
  at: isNumber,
  cpuMillicores: optional(isNumber),
  memoryBytes: optional(isNumber),
});
export type UsagePoint = Guarded<typeof isUsagePoint>;

export const isNodeHistory = objectOf({
  nodeId: isString,
  points: arrayOf(isUsagePoint),
});
export type NodeHistory = Guarded<typeof isNodeHistory>;

const isInit = objectOf({
  type: literal('init'),
  ...initFields,
  strings: isNodeUsageStrings,
  rows: arrayOf(isUsageRow),
  /** the node the panel was opened for, if any */
  focusNodeId: optional(isString),
  /** history of the selected node (the one `ready` named, else the focus, else the first) */
  history: optional(isNodeHistory),
});
export type NodeUsageInit = Guarded<typeof isInit>;

const isRows = objectOf({
  type: literal('rows'),
  ...rowUpdateFields,
  rows: arrayOf(isUsageRow),
});
export type NodeUsageRows = Guarded<typeof isRows>;

const isSamples = objectOf({
  type: literal('samples'),
  now: isNumber,
  nodeId: isString,
  points: arrayOf(isUsagePoint),
});
export type NodeUsageSamples = Guarded<typeof isSamples>;

const isHistory = objectOf({
  type: literal('history'),
  now: isNumber,
  history: isNodeHistory,
});
export type NodeUsageHistory = Guarded<typeof isHistory>;

export const isHostToNodeUsage = messageOf({ init: isInit, rows: isRows, samples: isSamples, history: isHistory });
export type HostToNodeUsage = Guarded<typeof isHostToNodeUsage>;

const isSelectNode = objectOf({ type: literal('selectNode'), nodeId: isString });
export type SelectNodeMessage = Guarded<typeof isSelectNode>;

/** `ready`, plus the node the webview had selected before it was hidden or reloaded. */
const isNodeUsageReady = objectOf({ type: literal('ready'), selectedNodeId: optional(isString) });
export type NodeUsageReady = Guarded<typeof isNodeUsageReady>;

export const isNodeUsageToHost = messageOf({ ready: isNodeUsageReady, selectNode: isSelectNode });
export type NodeUsageToHost = Guarded<typeof isNodeUsageToHost>;
