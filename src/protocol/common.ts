// Shapes both webviews share. Plain data only: no vscode, no DOM.
import { arrayOf, isBoolean, isNumber, isString, literal, objectOf, oneOf, optional, type Guarded } from './guards';

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
export const isPanelTarget = objectOf({
  controlPlaneId: isString,
  nodeId: optional(isString),
});
export type PanelTarget = Guarded<typeof isPanelTarget>;

export const isControlPlaneRef = objectOf({
  id: isString,
  name: isString,
  seed: isString,
  /** false when the model no longer knows it (deleted, seed removed); the panel says so. */
  known: isBoolean,
});
export type ControlPlaneRef = Guarded<typeof isControlPlaneRef>;

export const isConnection = objectOf({
  state: oneOf(connectionStates),
  reason: optional(isString),
  latencyMs: optional(isNumber),
  /** epoch ms of the last probe */
  probedAt: optional(isNumber),
});
export type ConnectionDto = Guarded<typeof isConnection>;

export const isLatencyPoint = objectOf({
  at: isNumber,
  latencyMs: optional(isNumber),
  ok: isBoolean,
});
export type LatencyPoint = Guarded<typeof isLatencyPoint>;
export const isLatencyPoints = arrayOf(isLatencyPoint);

/** Every webview says this first; the host answers with the whole state. */
export const isReadyMessage = objectOf({ type: literal('ready') });
export type ReadyMessage = Guarded<typeof isReadyMessage>;

/** What every panel's `init` carries besides its own state. */
export const initFields = {
  controlPlane: isControlPlaneRef,
  /** BCP 47 tag for number formatting (vscode.env.language) */
  locale: isString,
  /** host clock, so ages are right even when the browser's clock is not */
  now: isNumber,
  historyMinutes: isNumber,
};

/** What every update of a panel's rows carries besides the rows: added or changed rows are upserted by id. */
export const rowUpdateFields = {
  now: isNumber,
  controlPlane: isControlPlaneRef,
  removed: arrayOf(isString),
};
