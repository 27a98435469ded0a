// Messages of the Connectivity panel. Host -> webview: `init` (whole state, after
// `ready`), then `connection` (new state and new probe samples) and `nodes`
// (changed heartbeat rows and the whole, bounded, timeline). Webview -> host:
// `ready`, `showNodeUsage`. Each is declared once, as its guard; the type follows.
import { arrayOf, isNumber, isString, literal, messageOf, objectOf, oneOf, optional, type Guarded } from './guards';
import { initFields, isConnection, isLatencyPoints, isNodeState, isReadyMessage, rowUpdateFields } from './common';
import { isConnectivityStrings } from './strings';

/** Whether the apiserver reaches the node's kubelet (through the tunnel), apart from its heartbeats. */
export const isKubeletReach = objectOf({
  state: oneOf(['reachable', 'unreachable']),
  since: optional(isNumber),
  /** why not, in words ("no tunnel from this device yet: ...") */
  reason: optional(isString),
});
export type KubeletReachDto = Guarded<typeof isKubeletReach>;

export const isHeartbeatRow = objectOf({
  id: isString,
  name: isString,
  state: isNodeState,
  lastHeartbeat: optional(isNumber),
  disconnectedSince: optional(isNumber),
  /** absent until the first request through the node proxy */
  kubeletReach: optional(isKubeletReach),
});
export type HeartbeatRow = Guarded<typeof isHeartbeatRow>;

export const isTimelineEntry = objectOf({
  nodeId: isString,
  nodeName: isString,
  at: isNumber,
  from: isNodeState,
  to: isNodeState,
  reason: optional(isString),
});
export type TimelineEntry = Guarded<typeof isTimelineEntry>;

const isInit = objectOf({
  type: literal('init'),
  ...initFields,
  strings: isConnectivityStrings,
  /** kubelet's node lease duration: heartbeat ages are coloured against it */
  leaseDurationSeconds: isNumber,
  connection: isConnection,
  latency: isLatencyPoints,
  nodes: arrayOf(isHeartbeatRow),
  timeline: arrayOf(isTimelineEntry),
});
export type ConnectivityInit = Guarded<typeof isInit>;

const isConnectionMessage = objectOf({
  type: literal('connection'),
  now: isNumber,
  connection: isConnection,
  /** probe samples newer than the last ones posted */
  latency: isLatencyPoints,
});
export type ConnectivityConnection = Guarded<typeof isConnectionMessage>;

const isNodes = objectOf({
  type: literal('nodes'),
  ...rowUpdateFields,
  nodes: arrayOf(isHeartbeatRow),
  /** newest first, bounded by the host; replaces the previous one */
  timeline: arrayOf(isTimelineEntry),
});
export type ConnectivityNodes = Guarded<typeof isNodes>;

export const isHostToConnectivity = messageOf({ init: isInit, connection: isConnectionMessage, nodes: isNodes });
export type HostToConnectivity = Guarded<typeof isHostToConnectivity>;

const isShowNodeUsage = objectOf({ type: literal('showNodeUsage'), nodeId: isString });
export type ShowNodeUsageMessage = Guarded<typeof isShowNodeUsage>;

export const isConnectivityToHost = messageOf({ ready: isReadyMessage, showNodeUsage: isShowNodeUsage });
export type ConnectivityToHost = Guarded<typeof isConnectivityToHost>;
