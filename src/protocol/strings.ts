// The keys of every user-facing string a webview shows. The host fills them with
// vscode.l10n.t (so they land in the l10n bundle) and posts them in `init`; the
// webview never carries English of its own. `{0}` placeholders are filled in the webview.
import { stringsOf } from './guards';

export const commonStringKeys = [
  'stateReady',
  'stateNotReady',
  'stateDisconnected',
  'stateUnknown',
  'colNode',
  'colState',
  'colHeartbeat',
  'ago',
  'never',
  'durationSeconds',
  'durationMinutes',
  'durationHours',
  'sortBy',
  'controlPlaneGone',
  'noNodes',
  'windowLabel',
  'windowMinutes',
  'heartbeatFresh',
  'heartbeatLate',
  'heartbeatStale',
  'heartbeatUnknown',
  'rowsCapped',
] as const;

export const nodeUsageStringKeys = [
  ...commonStringKeys,
  'heading',
  'summary',
  'summaryOne',
  'colCpu',
  'colMemory',
  'colFilesystem',
  'colPods',
  'usedOf',
  'usageUnavailable',
  'noSample',
  'chartCpu',
  'chartMemory',
  'chartHeading',
  'noHistory',
  'selectHint',
  'allocatableLine',
] as const;

export const connectivityStringKeys = [
  ...commonStringKeys,
  'heading',
  'connConnected',
  'connDegraded',
  'connUnreachable',
  'connUnknown',
  'lastProbe',
  'noProbe',
  'reason',
  'chartLatency',
  'probeFailed',
  'heartbeatsHeading',
  'leaseNote',
  'colDisconnectedFor',
  'timelineHeading',
  'timelineEmpty',
  'colTime',
  'colChange',
  'colReason',
  'transition',
  'showUsage',
  'latencyStats',
  'colKubeletReach',
  'reachYes',
  'reachNo',
  'reachUnknown',
] as const;

export type CommonStrings = Record<(typeof commonStringKeys)[number], string>;
export type NodeUsageStrings = Record<(typeof nodeUsageStringKeys)[number], string>;
export type ConnectivityStrings = Record<(typeof connectivityStringKeys)[number], string>;

export const isNodeUsageStrings = stringsOf(nodeUsageStringKeys);
export const isConnectivityStrings = stringsOf(connectivityStringKeys);
