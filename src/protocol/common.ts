// Shapes both webviews share. Plain data only: no vscode, no DOM.
import { arrayOf, isBoolean, isNumber, isString, objectOf, oneOf, optional, type Guard } from './guards';

/** The webview panel types; also the `onWebviewPanel:` activation events in package.json. */
export const viewTypes = {
  nodeUsage: 'edgeplane.nodeUsage',
  connectivity: 'edgeplane.connectivity',
} as const;

export const nodeStates = ['Ready', 'NotReady', 'Disconnected', 'Unknown'] as const;
export type NodeStateDto = (typeof nodeStates)[number];
export const isNodeState = oneOf(nodeStates);

export const connectionStates = ['connected', 'degraded', 'unreachable', 'unknown'] as const;
export type ConnectionStateDto = (typeof connectionStates)[number];

/** What a panel shows: a control plane, and optionally the node it was opened from. */
export interface PanelTarget {
  controlPlaneId: string;
  nodeId?: string;
}
export const isPanelTarget: Guard<PanelTarget> = objectOf<PanelTarget>({
  controlPlaneId: isString,
  nodeId: optional(isString),
});

export interface ControlPlaneRef {
  id: string;
  name: string;
  seed: string;
  /** false when the model no longer knows it (deleted, seed removed); the panel says so. */
  known: boolean;
}
export const isControlPlaneRef: Guard<ControlPlaneRef> = objectOf<ControlPlaneRef>({
  id: isString,
  name: isString,
  seed: isString,
  known: isBoolean,
});

export interface ConnectionDto {
  state: ConnectionStateDto;
  reason?: string;
  latencyMs?: number;
  /** epoch ms of the last probe */
  probedAt?: number;
}
export const isConnection: Guard<ConnectionDto> = objectOf<ConnectionDto>({
  state: oneOf(connectionStates),
  reason: optional(isString),
  latencyMs: optional(isNumber),
  probedAt: optional(isNumber),
});

export interface LatencyPoint {
  at: number;
  latencyMs?: number;
  ok: boolean;
}
export const isLatencyPoint: Guard<LatencyPoint> = objectOf<LatencyPoint>({
  at: isNumber,
  latencyMs: optional(isNumber),
  ok: isBoolean,
});
export const isLatencyPoints = arrayOf(isLatencyPoint);

/** Every webview says this first; the host answers with the whole state. */
export interface ReadyMessage {
  type: 'ready';
}
