// Every string the webviews show, through vscode.l10n.t so the l10n bundle picks
// them up. Literal calls on purpose: the l10n export tool only finds literals.
import * as vscode from 'vscode';
import type { CommonStrings, ConnectivityStrings, NodeUsageStrings } from '../../protocol';

function commonStrings(): CommonStrings {
  return {
    stateReady: vscode.l10n.t('Ready'),
    stateNotReady: vscode.l10n.t('Not ready'),
    stateDisconnected: vscode.l10n.t('Disconnected'),
    stateUnknown: vscode.l10n.t('Unknown'),
    colNode: vscode.l10n.t('Node'),
    colState: vscode.l10n.t('State'),
    colHeartbeat: vscode.l10n.t('Heartbeat'),
    ago: vscode.l10n.t('{0} ago'),
    never: vscode.l10n.t('never'),
    durationSeconds: vscode.l10n.t('{0}s'),
    durationMinutes: vscode.l10n.t('{0}m {1}s'),
    durationHours: vscode.l10n.t('{0}h {1}m'),
    sortBy: vscode.l10n.t('Sort by {0}'),
    controlPlaneGone: vscode.l10n.t('Edgeplane no longer sees the control plane {0}: it may have been deleted, or its seed removed or unreachable. This panel updates when it comes back.'),
    noNodes: vscode.l10n.t('This control plane has no nodes yet. Bootstrap a device into it to see it here.'),
    windowLabel: vscode.l10n.t('Time window'),
    windowMinutes: vscode.l10n.t('Last {0} minutes'),
    heartbeatFresh: vscode.l10n.t('on time'),
    heartbeatLate: vscode.l10n.t('late'),
    heartbeatStale: vscode.l10n.t('overdue: past the lease duration'),
    heartbeatUnknown: vscode.l10n.t('no heartbeat seen'),
    rowsCapped: vscode.l10n.t('Showing the first {0} of {1} nodes in this order.'),
  };
}

export function nodeUsageStrings(): NodeUsageStrings {
  return {
    ...commonStrings(),
    heading: vscode.l10n.t('Node usage: {0}'),
    summary: vscode.l10n.t('{0} nodes, {1} ready. Seed: {2}.'),
    summaryOne: vscode.l10n.t('1 node, {1} ready. Seed: {2}.'),
    colCpu: vscode.l10n.t('CPU'),
    colMemory: vscode.l10n.t('Memory'),
    colFilesystem: vscode.l10n.t('Filesystem'),
    colPods: vscode.l10n.t('Pods'),
    usedOf: vscode.l10n.t('{0} of {1}'),
    usageUnavailable: vscode.l10n.t('Usage unavailable: {0}'),
    noSample: vscode.l10n.t('no sample yet'),
    chartCpu: vscode.l10n.t('CPU (millicores)'),
    chartMemory: vscode.l10n.t('Memory'),
    chartHeading: vscode.l10n.t('{0} over time'),
    noHistory: vscode.l10n.t('No usage samples in this time window yet.'),
    selectHint: vscode.l10n.t('Select a node in the table to see its CPU and memory over time.'),
    allocatableLine: vscode.l10n.t('Allocatable: {0}'),
  };
}

export function connectivityStrings(): ConnectivityStrings {
  return {
    ...commonStrings(),
    heading: vscode.l10n.t('Connectivity: {0}'),
    connConnected: vscode.l10n.t('Connected'),
    connDegraded: vscode.l10n.t('Degraded'),
    connUnreachable: vscode.l10n.t('Unreachable'),
    connUnknown: vscode.l10n.t('Not probed yet'),
    lastProbe: vscode.l10n.t('Last /livez probe: {0} ms, {1} ago'),
    noProbe: vscode.l10n.t('No answered /livez probe yet'),
    reason: vscode.l10n.t('Reason: {0}'),
    chartLatency: vscode.l10n.t('apiserver /livez latency (ms)'),
    probeFailed: vscode.l10n.t('failed probe'),
    heartbeatsHeading: vscode.l10n.t('Node heartbeats'),
    leaseNote: vscode.l10n.t('Heartbeat ages are judged against the node lease duration ({0}s).'),
    colDisconnectedFor: vscode.l10n.t('Disconnected for'),
    timelineHeading: vscode.l10n.t('Disconnections and reconnections'),
    timelineEmpty: vscode.l10n.t('No node has changed state since the fleet model started watching.'),
    colTime: vscode.l10n.t('Time'),
    colChange: vscode.l10n.t('Change'),
    colReason: vscode.l10n.t('Reason'),
    transition: vscode.l10n.t('{0} → {1}'),
    showUsage: vscode.l10n.t('Usage'),
    latencyStats: vscode.l10n.t('{0} probes, {1} failed; median {2} ms, max {3} ms'),
    colKubeletReach: vscode.l10n.t('Apiserver reaches kubelet'),
    reachYes: vscode.l10n.t('Yes, tunnel connected for {0}'),
    reachNo: vscode.l10n.t('No, for {0}: {1}'),
    reachUnknown: vscode.l10n.t('Not checked yet'),
  };
}
