// What each row shows, as plain data (no vscode), so it is unit-tested and benchmarked
// in Node; the provider turns an ItemSpec into a vscode.TreeItem.
import type { ControlPlaneView, EdgeNodeInfo, FleetSnapshotReader, JoiningDevice, SeedView } from '../../core/fleet/types';
import { commands, contextValues, internalCommands } from '../constants';
import type { FleetElement, TreeMessage } from './elements';
import { bytes, cpu, md, percent, shortAge } from './format';
import type { L10n } from './l10nTypes';

export interface ItemSpec {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon?: { id: string; color?: string };
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: { command: string; title: string; arguments: unknown[] };
}

export interface ItemContext {
  reader: FleetSnapshotReader;
  l10n: L10n;
  now: number;
  groupByLabel: string;
}

export function itemFor(element: FleetElement, ctx: ItemContext): ItemSpec {
  switch (element.kind) {
    case 'seed': {
      const seed = ctx.reader.seeds().find((s) => s.id === element.seedId);
      return seed ? seedItem(seed, ctx) : gone(element.id, ctx);
    }
    case 'controlPlane': {
      const cp = ctx.reader.controlPlane(element.controlPlaneId);
      return cp ? controlPlaneItem(cp, ctx) : gone(element.id, ctx);
    }
    case 'node': {
      const node = ctx.reader.node(element.nodeId);
      return node ? nodeItem(node, ctx) : gone(element.id, ctx);
    }
    case 'joining': {
      const device = ctx.reader.joining(element.controlPlaneId).find((d) => d.name === element.name);
      return device ? joiningItem(element.id, device, ctx) : gone(element.id, ctx);
    }
    case 'group':
      return {
        id: element.id,
        label: element.value ?? ctx.l10n.t('(no {0})', ctx.groupByLabel),
        description:
          element.notReady > 0
            ? ctx.l10n.t('{0} nodes, {1} not ready', element.total, element.notReady)
            : element.total === 1
              ? ctx.l10n.t('1 node')
              : ctx.l10n.t('{0} nodes', element.total),
        icon: { id: 'location', color: element.notReady > 0 ? 'charts.yellow' : undefined },
        contextValue: contextValues.group,
        collapsible: 'collapsed',
      };
    case 'more':
      return {
        id: element.id,
        label: ctx.l10n.t('Show more…'),
        description: ctx.l10n.t('{0} of {1} shown', element.shown, element.total),
        icon: { id: 'ellipsis' },
        contextValue: contextValues.page,
        collapsible: 'none',
        command: { command: internalCommands.showMore, title: ctx.l10n.t('Show more'), arguments: [element.parentId] },
      };
    case 'message':
      return messageItem(element.id, element.message, ctx);
  }
}

const seedIcons: Record<SeedView['connection']['state'], { id: string; color?: string }> = {
  connected: { id: 'server-environment' },
  degraded: { id: 'warning', color: 'charts.yellow' },
  unreachable: { id: 'error', color: 'charts.red' },
  unknown: { id: 'loading~spin' },
};

function seedItem(seed: SeedView, ctx: ItemContext): ItemSpec {
  const c = seed.connection;
  const state = c.state === 'connected' ? undefined : stateWord(c.state, ctx);
  const lines = [`**${md(seed.name)}**`, '', ctx.l10n.t('Context: {0}', md(seed.context)), ctx.l10n.t('Connection: {0}', stateWord(c.state, ctx))];
  if (c.latencyMs !== undefined) lines.push(ctx.l10n.t('Latency: {0} ms', c.latencyMs));
  if (c.reason) lines.push(ctx.l10n.t('Reason: {0}', md(c.reason)));
  return {
    id: seed.id,
    label: seed.name,
    description: state ? `${seed.context} · ${state}` : seed.context,
    tooltip: lines.join('  \n'),
    icon: seedIcons[c.state],
    contextValue: contextValues.seed(c.state),
    collapsible: 'expanded',
  };
}

const phaseIcons: Record<ControlPlaneView['phase'], { id: string; color?: string }> = {
  Provisioning: { id: 'loading~spin' },
  Running: { id: 'pass-filled', color: 'charts.green' },
  Degraded: { id: 'warning', color: 'charts.yellow' },
  Unreachable: { id: 'error', color: 'charts.red' },
  Deleting: { id: 'trash' },
};

/** Not read yet: its workloads (right after a reload), or its nodes (its edge cluster not answered yet, no error). */
export function controlPlaneConnecting(cp: ControlPlaneView): boolean {
  if (cp.phase === 'Deleting' || cp.phase === 'Provisioning') return false;
  return Boolean(cp.syncing) || (cp.connection.state === 'unknown' && !cp.connection.reason && cp.nodeCount === 0);
}

export function controlPlaneItem(cp: ControlPlaneView, ctx: ItemContext): ItemSpec {
  const connecting = controlPlaneConnecting(cp);
  // "0/0 Ready · Degraded" before the first read would be false: say "connecting…" instead.
  const parts = connecting ? [cp.spec.version, ctx.l10n.t('connecting…')] : [cp.spec.version, ctx.l10n.t('{0}/{1} Ready', cp.readyCount, cp.nodeCount)];
  if (!connecting && cp.phase !== 'Running') parts.push(phaseWord(cp.phase, ctx));
  const lines = [
    `**${md(cp.name)}** · ${phaseWord(cp.phase, ctx)}`,
    '',
    ctx.l10n.t('Reason: {0}', md(cp.reason || '-')),
    ctx.l10n.t('Version: {0}', md(cp.spec.version)),
    ctx.l10n.t('Endpoint: {0}', md(cp.endpoint ?? '-')),
    ctx.l10n.t('Exposure: {0}, etcd members: {1}, size: {2}, layout: {3}', cp.spec.exposure, cp.spec.etcdMembers, cp.spec.size, cp.spec.layout ?? 'standard'),
    ctx.l10n.t('Namespace: {0}', md(cp.namespace)),
    ctx.l10n.t('Nodes: {0} of {1} Ready', cp.readyCount, cp.nodeCount),
    ctx.l10n.t('Apiserver: {0}', connectionText(cp.connection, ctx)),
  ];
  return {
    id: cp.id,
    label: cp.name,
    description: parts.join(' · '),
    tooltip: lines.join('  \n'),
    icon: connecting ? { id: 'loading~spin' } : phaseIcons[cp.phase],
    contextValue: contextValues.controlPlane(cp.phase),
    collapsible: 'collapsed',
  };
}

const nodeIcons: Record<EdgeNodeInfo['state'], { id: string; color?: string }> = {
  Ready: { id: 'vm-running', color: 'charts.green' },
  NotReady: { id: 'vm-outline', color: 'charts.yellow' },
  Disconnected: { id: 'debug-disconnect', color: 'charts.red' },
  Unknown: { id: 'question' },
};

/** A node can get an SSH terminal when we know where to reach it (its address; the target used to bootstrap it is remembered too). */
export function nodeHasSshTarget(node: EdgeNodeInfo): boolean {
  return Boolean(node.internalIP);
}

export function nodeItem(node: EdgeNodeInfo, ctx: ItemContext): ItemSpec {
  const { l10n } = ctx;
  const parts: string[] = [];
  if (node.state === 'Disconnected' && node.disconnectedSince !== undefined) {
    parts.push(l10n.t('disconnected {0}', shortAge(ctx.now - node.disconnectedSince, l10n)));
  } else if (node.lastHeartbeat !== undefined) {
    // Words, not a bare symbol: a newcomer cannot guess what "♥ 5s" measures.
    parts.push(l10n.t('heartbeat {0} ago', shortAge(ctx.now - node.lastHeartbeat, l10n)));
  }
  const cpuPct = percent(node.usage?.cpuMillicores, node.allocatable.cpuMillicores);
  const memPct = percent(node.usage?.memoryBytes, node.allocatable.memoryBytes);
  if (cpuPct !== undefined) parts.push(l10n.t('CPU {0}%', cpuPct));
  if (memPct !== undefined) parts.push(l10n.t('Mem {0}%', memPct));
  if (node.state !== 'Ready') parts.unshift(stateWord(node.state, ctx));
  // Ready says only that the kubelet reports; a runtime that starts no sandbox matters more.
  else if (node.runtimeProblem) parts.unshift(l10n.t('cannot run pods'));
  // Heartbeats come from the device; logs, exec and usage need the apiserver to reach it (the tunnel).
  if (node.state === 'Ready' && node.kubeletReach?.state === 'unreachable') {
    parts.push(node.kubeletReach.noTunnel ? l10n.t('no usage: no tunnel from this device yet') : l10n.t('no usage: the apiserver cannot reach this device'));
  }
  return {
    id: node.id,
    label: node.name,
    description: parts.join(' · '),
    tooltip: nodeTooltip(node, ctx, cpuPct, memPct),
    icon: node.state === 'Ready' && node.runtimeProblem ? { id: 'warning', color: 'charts.yellow' } : nodeIcons[node.state],
    contextValue: contextValues.edgeNode(node.state, nodeHasSshTarget(node)),
    collapsible: 'none',
  };
}

function nodeTooltip(node: EdgeNodeInfo, ctx: ItemContext, cpuPct?: number, memPct?: number): string {
  const { l10n } = ctx;
  const lines = [`**${md(node.name)}** · ${stateWord(node.state, ctx)}`, ''];
  lines.push(l10n.t('Kubelet: {0}', md(node.kubeletVersion ?? '?')));
  lines.push(l10n.t('OS/arch: {0}/{1}', md(node.os ?? '?'), md(node.arch ?? '?')));
  lines.push(l10n.t('IP: {0}', md(node.internalIP ?? '?')));
  if (node.lastHeartbeat !== undefined) {
    lines.push(l10n.t('Last heartbeat: {0} ago (the kubelet renews its Lease every few seconds; a node whose heartbeat stops is marked Disconnected)', shortAge(ctx.now - node.lastHeartbeat, l10n)));
  }
  if (node.disconnectedSince !== undefined) {
    lines.push(l10n.t('Disconnected since: {0}', new Date(node.disconnectedSince).toISOString()));
  }
  lines.push(
    l10n.t('Capacity: {0} CPU, {1}, {2} pods', cpu(node.capacity.cpuMillicores), bytes(node.capacity.memoryBytes), node.capacity.pods ?? '?'),
  );
  lines.push(
    l10n.t(
      'Allocatable: {0} CPU, {1}, {2} pods',
      cpu(node.allocatable.cpuMillicores),
      bytes(node.allocatable.memoryBytes),
      node.allocatable.pods ?? '?',
    ),
  );
  if (node.usage) {
    lines.push(
      l10n.t(
        'Usage: CPU {0} ({1}%), memory {2} ({3}%)',
        cpu(node.usage.cpuMillicores),
        cpuPct ?? '?',
        bytes(node.usage.memoryBytes),
        memPct ?? '?',
      ),
    );
  } else {
    lines.push(l10n.t('Usage unavailable: {0}', md(node.usageUnavailableReason ?? l10n.t('no sample yet'))));
  }
  if (node.kubeletReach) {
    const since = node.kubeletReach.since === undefined ? '' : ` (${l10n.t('since {0}', new Date(node.kubeletReach.since).toISOString())})`;
    lines.push(node.kubeletReach.state === 'reachable'
      ? l10n.t('The apiserver reaches its kubelet through the tunnel{0}: logs, exec and usage work.', since)
      : l10n.t('The apiserver cannot reach its kubelet{0}: {1}. Logs, exec and usage fail until it can; heartbeats are separate.', since, md(node.kubeletReach.reason ?? '')));
  }
  if (node.runtimeProblem) lines.push(l10n.t('Container runtime: {0} (from the kubelet\'s events; see containerd.log and kubelet.log in /var/log/edgeplane on the device)', md(node.runtimeProblem)));
  const recent = node.transitions.slice(-3).reverse();
  if (recent.length > 0) {
    lines.push('', l10n.t('Last transitions:'));
    for (const t of recent) {
      const reason = t.reason ? ` (${md(t.reason)})` : '';
      lines.push(`- ${new Date(t.at).toISOString()}: ${t.from} → ${t.to}${reason}`);
    }
  }
  return lines.join('  \n');
}

function joiningItem(id: string, device: JoiningDevice, ctx: ItemContext): ItemSpec {
  const { l10n } = ctx;
  const expires = device.expiresAt ? Date.parse(device.expiresAt) - ctx.now : undefined;
  const description =
    expires !== undefined && Number.isFinite(expires)
      ? expires > 0
        ? l10n.t('joining · token expires in {0}', shortAge(expires, l10n))
        : l10n.t('joining · token expired')
      : l10n.t('joining');
  return {
    id,
    label: device.name,
    description,
    tooltip: [
      `**${md(device.name)}** · ${l10n.t('joining')}`,
      '',
      l10n.t('SSH target: {0}', md(device.sshTarget ?? '?')),
      l10n.t('Bootstrap token expires: {0}', md(device.expiresAt ?? '?')),
    ].join('  \n'),
    icon: { id: 'sync~spin' },
    contextValue: contextValues.joining(Boolean(device.sshTarget)),
    collapsible: 'none',
  };
}

function messageItem(id: string, m: TreeMessage, ctx: ItemContext): ItemSpec {
  const { l10n } = ctx;
  const base = { id, contextValue: contextValues.message(m.kind), collapsible: 'none' as const };
  switch (m.kind) {
    case 'loading':
      return { ...base, label: l10n.t('Connecting…'), icon: { id: 'loading~spin' } };
    case 'seedUnreachable':
      return {
        ...base,
        label: l10n.t('Cannot reach this seed: {0}', m.detail ?? l10n.t('no answer')),
        description: l10n.t('Check the kubeconfig context and network, then refresh'),
        tooltip: l10n.t('Edgeplane keeps retrying. Check that the context works with `kubectl --context` and click to retry now.'),
        icon: { id: 'error', color: 'charts.red' },
        command: { command: commands.refresh, title: l10n.t('Refresh'), arguments: [m.target] },
      };
    case 'controlPlaneUnreachable':
      return {
        ...base,
        label: l10n.t('Apiserver unreachable: {0}', m.detail ?? l10n.t('no answer')),
        description: l10n.t('Nodes below show their last known state'),
        icon: { id: 'error', color: 'charts.red' },
        command: { command: commands.showConnectivity, title: l10n.t('Show Connectivity'), arguments: [m.target] },
      };
    case 'noControlPlanes':
      return {
        ...base,
        label: l10n.t('No control planes yet: Create Control Plane…'),
        icon: { id: 'add' },
        command: { command: commands.createControlPlane, title: l10n.t('Create Control Plane'), arguments: [m.target] },
      };
    case 'noNodes':
      return {
        ...base,
        label: l10n.t('No nodes yet: Bootstrap Device…'),
        icon: { id: 'plug' },
        command: { command: commands.bootstrapDevice, title: l10n.t('Bootstrap Device'), arguments: [m.target] },
      };
  }
}

function gone(id: string, ctx: ItemContext): ItemSpec {
  // The model dropped it between getChildren and getTreeItem; the next event removes the row.
  return { id, label: ctx.l10n.t('(removed)'), contextValue: contextValues.message('removed'), collapsible: 'none' };
}

function stateWord(state: string, ctx: ItemContext): string {
  switch (state) {
    case 'connected':
      return ctx.l10n.t('connected');
    case 'degraded':
      return ctx.l10n.t('degraded');
    case 'unreachable':
      return ctx.l10n.t('unreachable');
    case 'Ready':
      return ctx.l10n.t('Ready');
    case 'NotReady':
      return ctx.l10n.t('Not Ready');
    case 'Disconnected':
      return ctx.l10n.t('Disconnected');
    case 'unknown':
      // A connection not probed yet (the first seconds after a start), not a failure.
      return ctx.l10n.t('connecting…');
    default:
      return ctx.l10n.t('unknown');
  }
}

function phaseWord(phase: ControlPlaneView['phase'], ctx: ItemContext): string {
  const words: Record<ControlPlaneView['phase'], string> = {
    Provisioning: ctx.l10n.t('Provisioning'),
    Running: ctx.l10n.t('Running'),
    Degraded: ctx.l10n.t('Degraded'),
    Unreachable: ctx.l10n.t('Unreachable'),
    Deleting: ctx.l10n.t('Deleting'),
  };
  return words[phase];
}

function connectionText(c: ControlPlaneView['connection'], ctx: ItemContext): string {
  const base = stateWord(c.state, ctx);
  const latency = c.latencyMs !== undefined ? ctx.l10n.t(', {0} ms', c.latencyMs) : '';
  const reason = c.reason ? ` (${md(c.reason)})` : '';
  return `${base}${latency}${reason}`;
}
