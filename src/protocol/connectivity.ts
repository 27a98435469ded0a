// Messages of the Connectivity panel. Host -> webview: `init` (whole state, after
// `ready`), then `connection` (new state and new probe samples) and `nodes`
// (changed heartbeat rows and the whole, bounded, timeline). Webview -> host:
// `ready`, `showNodeUsage`.
import { arrayOf, isNumber, isRecord, isString, objectOf, optional, type Guard } from './guards';
import {
  isConnection,
  isControlPlaneRef,
  isLatencyPoints,
  isNodeState,
  type ConnectionDto,
  type ControlPlaneRef,
  type LatencyPoint,
  type NodeStateDto,
  type ReadyMessage,
} from './common';
import { isConnectivityStrings, type ConnectivityStrings } from './strings';

/** Whether the apiserver reaches the node's kubelet (through the tunnel), apart from its heartbeats. */
export interface KubeletReachDto {
  state: 'reachable' | 'unreachable';
  since?: number;
  /** why not, in words ("no tunnel from this device yet: ...") */
  reason?: string;
}

export interface HeartbeatRow {
  id: string;
  name: string;
  state: NodeStateDto;
  lastHeartbeat?: number;
  disconnectedSince?: number;
  /** absent until the first request through the node proxy */
  kubeletReach?: KubeletReachDto;
}

export interface TimelineEntry {
  nodeId: string;
  nodeName: string;
  at: number;
  from: NodeStateDto;
  to: NodeStateDto;
  reason?: string;
}

export interface ConnectivityInit {
  type: 'init';
  controlPlane: ControlPlaneRef;
  strings: ConnectivityStrings;
  locale: string;
  now: number;
  historyMinutes: number;
  /** kubelet's node lease duration: heartbeat ages are coloured against it */
  leaseDurationSeconds: number;
  connection: ConnectionDto;
  latency: LatencyPoint[];
  nodes: HeartbeatRow[];
  timeline: TimelineEntry[];
}

export interface ConnectivityConnection {
  type: 'connection';
  now: number;
  connection: ConnectionDto;
  /** probe samples newer than the last ones posted */
  latency: LatencyPoint[];
}

export interface ConnectivityNodes {
  type: 'nodes';
  now: number;
  controlPlane: ControlPlaneRef;
  nodes: HeartbeatRow[];
  removed: string[];
  /** newest first, bounded by the host; replaces the previous one */
  timeline: TimelineEntry[];
}

export type HostToConnectivity = ConnectivityInit | ConnectivityConnection | ConnectivityNodes;

export interface ShowNodeUsageMessage {
  type: 'showNodeUsage';
  nodeId: string;
}

export type ConnectivityToHost = ReadyMessage | ShowNodeUsageMessage;

export const isKubeletReach: Guard<KubeletReachDto> = objectOf<KubeletReachDto>({
  state: (v): v is KubeletReachDto['state'] => v === 'reachable' || v === 'unreachable',
  since: optional(isNumber),
  reason: optional(isString),
});

export const isHeartbeatRow: Guard<HeartbeatRow> = objectOf<HeartbeatRow>({
  id: isString,
  name: isString,
  state: isNodeState,
  lastHeartbeat: optional(isNumber),
  disconnectedSince: optional(isNumber),
  kubeletReach: optional(isKubeletReach),
});

export const isTimelineEntry: Guard<TimelineEntry> = objectOf<TimelineEntry>({
  nodeId: isString,
  nodeName: isString,
  at: isNumber,
  from: isNodeState,
  to: isNodeState,
  reason: optional(isString),
});

const isInit = objectOf<ConnectivityInit>({
  type: (v): v is 'init' => v === 'init',
  controlPlane: isControlPlaneRef,
  strings: isConnectivityStrings,
  locale: isString,
  now: isNumber,
  historyMinutes: isNumber,
  leaseDurationSeconds: isNumber,
  connection: isConnection,
  latency: isLatencyPoints,
  nodes: arrayOf(isHeartbeatRow),
  timeline: arrayOf(isTimelineEntry),
});

const isConnectionMessage = objectOf<ConnectivityConnection>({
  type: (v): v is 'connection' => v === 'connection',
  now: isNumber,
  connection: isConnection,
  latency: isLatencyPoints,
});

const isNodes = objectOf<ConnectivityNodes>({
  type: (v): v is 'nodes' => v === 'nodes',
  now: isNumber,
  controlPlane: isControlPlaneRef,
  nodes: arrayOf(isHeartbeatRow),
  removed: arrayOf(isString),
  timeline: arrayOf(isTimelineEntry),
});

export function isHostToConnectivity(v: unknown): v is HostToConnectivity {
  if (!isRecord(v)) return false;
  switch (v.type) {
    case 'init': return isInit(v);
    case 'connection': return isConnectionMessage(v);
    case 'nodes': return isNodes(v);
    default: return false;
  }
}

export function isConnectivityToHost(v: unknown): v is ConnectivityToHost {
  if (!isRecord(v)) return false;
  switch (v.type) {
    case 'ready': return true;
    case 'showNodeUsage': return isString(v.nodeId);
    default: return false;
  }
}
