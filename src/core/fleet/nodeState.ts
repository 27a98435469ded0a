// Compact per-node state: what the model keeps of a Node (never the V1Node
// itself) and the pure rules that turn Ready + Lease into a NodeState.
import type { DeviceId } from '../ids';
import type { EdgeNodeInfo, NodeState, NodeTransition } from './types';
import { cpuMillicores, parseQuantity } from '../kube/quantity';

export const maxTransitions = 50;
/** kubelet's default nodeLeaseDurationSeconds. */
export const defaultLeaseDurationMs = 40_000;

/** Interns repeated strings (label keys, versions, "linux") so 10,000 nodes share them. */
const internTable = new Map<string, string>();
export function intern(s: string): string {
  if (s.length > 64) return s;
  const hit = internTable.get(s);
  if (hit !== undefined) return hit;
  if (internTable.size > 20_000) internTable.clear();
  internTable.set(s, s);
  return s;
}

export interface NodeFacts {
  name: string;
  readyStatus?: 'True' | 'False' | 'Unknown';
  readyReason?: string;
  /** epoch ms of the Ready condition's lastTransitionTime */
  readySince?: number;
  kubeletVersion?: string;
  os?: string;
  arch?: string;
  internalIP?: string;
  labels: Record<string, string>;
  capacity: EdgeNodeInfo['capacity'];
  allocatable: EdgeNodeInfo['allocatable'];
}

interface RawNode {
  metadata?: { name?: string; labels?: Record<string, string> };
  status?: {
    conditions?: { type?: string; status?: string; reason?: string; lastTransitionTime?: string }[];
    nodeInfo?: { kubeletVersion?: string; operatingSystem?: string; architecture?: string };
    addresses?: { type?: string; address?: string }[];
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
  };
}

const resources = (r: Record<string, string> | undefined): EdgeNodeInfo['capacity'] => ({
  cpuMillicores: cpuMillicores(r?.cpu),
  memoryBytes: parseQuantity(r?.memory),
  pods: parseQuantity(r?.pods),
});

export function nodeFacts(raw: unknown): NodeFacts {
  const n = raw as RawNode;
  const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
  const labels: Record<string, string> = {};
  // The hostname label is unique per node: interning it would only pin strings of deleted nodes.
  for (const [k, v] of Object.entries(n.metadata?.labels ?? {})) labels[intern(k)] = k === 'kubernetes.io/hostname' ? v : intern(v);
  const info = n.status?.nodeInfo;
  const status = ready?.status;
  return {
    name: n.metadata?.name ?? '',
    readyStatus: status === 'True' || status === 'False' || status === 'Unknown' ? status : undefined,
    readyReason: ready?.reason ? intern(ready.reason) : undefined,
    readySince: ready?.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : undefined,
    kubeletVersion: info?.kubeletVersion ? intern(info.kubeletVersion) : undefined,
    os: info?.operatingSystem ? intern(info.operatingSystem) : undefined,
    arch: info?.architecture ? intern(info.architecture) : undefined,
    internalIP: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
    labels,
    capacity: resources(n.status?.capacity),
    allocatable: resources(n.status?.allocatable),
  };
}

export interface LeaseFacts {
  /** epoch ms */
  renewTime?: number;
  durationMs: number;
}

export function leaseFacts(raw: unknown): LeaseFacts {
  const spec = (raw as { spec?: { renewTime?: string; leaseDurationSeconds?: number } }).spec;
  const renew = spec?.renewTime ? Date.parse(spec.renewTime) : undefined;
  return {
    renewTime: renew !== undefined && !Number.isNaN(renew) ? renew : undefined,
    durationMs: (spec?.leaseDurationSeconds ?? defaultLeaseDurationMs / 1000) * 1000,
  };
}

/** Ready condition and heartbeat to a state: a stale lease means Disconnected even while Ready still says True. */
export function deriveNodeState(facts: Pick<NodeFacts, 'readyStatus'> | undefined, lease: LeaseFacts | undefined, now: number): NodeState {
  if (lease?.renewTime !== undefined && now - lease.renewTime > lease.durationMs) return 'Disconnected';
  switch (facts?.readyStatus) {
    case 'True': return 'Ready';
    case 'False': return 'NotReady';
    case 'Unknown': return 'Disconnected';
    default: return 'Unknown';
  }
}

function stateReason(state: NodeState, facts: NodeFacts | undefined, lease: LeaseFacts | undefined, now: number): string | undefined {
  if (state === 'Disconnected' && lease?.renewTime !== undefined && now - lease.renewTime > lease.durationMs) {
    return `no heartbeat for ${Math.round((now - lease.renewTime) / 1000)} s`;
  }
  return facts?.readyReason;
}

/** The node's public info from its facts and lease; callers compare with sameInfo() to decide on an event. */
export function buildNodeInfo(
  id: DeviceId, seed: string, controlPlane: string,
  facts: NodeFacts, lease: LeaseFacts | undefined, prev: EdgeNodeInfo | undefined, now: number,
): EdgeNodeInfo {
  const state = deriveNodeState(facts, lease, now);
  let transitions = prev?.transitions ?? [];
  if (prev && prev.state !== state) {
    const t: NodeTransition = { at: now, from: prev.state, to: state, reason: stateReason(state, facts, lease, now) };
    transitions = [...transitions, t].slice(-maxTransitions);
  }
  let disconnectedSince: number | undefined;
  if (state === 'Disconnected') {
    disconnectedSince = prev?.state === 'Disconnected' && prev.disconnectedSince !== undefined
      ? prev.disconnectedSince
      : (lease?.renewTime ?? (facts.readyStatus === 'Unknown' ? facts.readySince : undefined) ?? now);
  }
  const next: EdgeNodeInfo = {
    id,
    seed,
    controlPlane,
    name: facts.name,
    state,
    lastHeartbeat: lease?.renewTime,
    disconnectedSince,
    kubeletVersion: facts.kubeletVersion,
    os: facts.os,
    arch: facts.arch,
    internalIP: facts.internalIP,
    labels: facts.labels,
    capacity: facts.capacity,
    allocatable: facts.allocatable,
    usage: prev?.usage,
    usageUnavailableReason: prev?.usageUnavailableReason,
    kubeletReach: prev?.kubeletReach,
    runtimeProblem: prev?.runtimeProblem,
    transitions,
  };
  return next;
}

const sameRes = (a: EdgeNodeInfo['capacity'], b: EdgeNodeInfo['capacity']): boolean =>
  a.cpuMillicores === b.cpuMillicores && a.memoryBytes === b.memoryBytes && a.pods === b.pods;

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

/** Heartbeat time alone is not a change worth an event: readers compute its age. */
export function sameInfo(a: EdgeNodeInfo, b: EdgeNodeInfo): boolean {
  return a.state === b.state && a.name === b.name && a.disconnectedSince === b.disconnectedSince
    && a.kubeletVersion === b.kubeletVersion && a.os === b.os && a.arch === b.arch && a.internalIP === b.internalIP
    && a.transitions === b.transitions && a.usage === b.usage && a.usageUnavailableReason === b.usageUnavailableReason && a.kubeletReach === b.kubeletReach && a.runtimeProblem === b.runtimeProblem
    && sameRes(a.capacity, b.capacity) && sameRes(a.allocatable, b.allocatable) && sameLabels(a.labels, b.labels);
}
