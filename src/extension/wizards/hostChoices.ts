// The rows a host list offers: Hosts of the SSH config (Include files too) and the fleet's
// nodes, each saying when that device is already a node, so nobody joins it twice by
// mistake. Pure, unit-tested.
import type { L10n } from '../tree/l10nTypes';

export interface KnownNode {
  /** A device id (core/ids.ts). */
  id: string;
  name: string;
  controlPlaneId: string;
  internalIP?: string;
}

export interface HostChoice {
  label: string;
  description?: string;
  detail?: string;
  /** What to connect to: an SSH config Host, or an address. */
  destination: string;
  /** Set when the row is a node of the fleet (its remembered target is used). */
  nodeId?: string;
  /** Node ids this host already is. */
  joinedAs: string[];
}

/** The host part of "user@host:port" (what a node's InternalIP is compared with). */
export function hostOf(destination: string): string {
  const s = destination.trim().replace(/^ssh:\/\//, '');
  const afterUser = s.slice(s.lastIndexOf('@') + 1);
  const v6 = /^\[([^\]]+)\]/.exec(afterUser);
  if (v6?.[1]) return v6[1];
  return afterUser.replace(/:\d+$/, '');
}

/** Nodes that a destination already is: same name or same address (resolved HostName). */
export function joinedAs(destination: string, resolvedHost: string | undefined, nodes: readonly KnownNode[]): KnownNode[] {
  const host = hostOf(destination);
  return nodes.filter((n) => n.name === host || (n.internalIP !== undefined && (n.internalIP === host || n.internalIP === resolvedHost)));
}

export function hostChoices(
  aliases: readonly string[],
  resolveHost: (alias: string) => string | undefined,
  nodes: readonly KnownNode[],
  configFile: string,
  l10n: L10n,
  opts: { includeNodes: boolean },
): HostChoice[] {
  const rows: HostChoice[] = [];
  const joinedText = (ns: KnownNode[]): string | undefined =>
    ns.length === 0 ? undefined : l10n.t('already joined: {0}', ns.map((n) => `${n.name} in ${n.controlPlaneId}`).join(', '));
  if (opts.includeNodes) {
    for (const n of nodes) {
      rows.push({ label: n.name, description: [n.controlPlaneId, n.internalIP].filter(Boolean).join(' · '), destination: n.internalIP ?? n.name, nodeId: n.id, joinedAs: [n.id] });
    }
  }
  for (const a of aliases) {
    const resolved = resolveHost(a);
    const ns = joinedAs(a, resolved, nodes);
    if (opts.includeNodes && ns.length > 0) continue; // the node row above already offers it
    const from = l10n.t('from {0}', configFile);
    const joined = joinedText(ns);
    rows.push({
      label: a,
      description: [resolved && resolved !== a ? resolved : undefined, joined ? `$(warning) ${joined}` : from].filter(Boolean).join(' · '),
      destination: a,
      joinedAs: ns.map((n) => n.id),
    });
  }
  return rows;
}
