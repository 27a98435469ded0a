// The fleet model's public shapes: everything the tree, status bar and webviews read.
import type { ControlPlaneSummary } from '../controlplane/types';
import type { ControlPlaneId, DeviceId, SeedId } from '../ids';

export type ConnectionState = 'connected' | 'degraded' | 'unreachable' | 'unknown';

export interface ClusterConnection {
  state: ConnectionState;
  /** Human reason for degraded/unreachable. */
  reason?: string;
  /** Last /livez round trip in ms, when the last probe answered. */
  latencyMs?: number;
  /** ISO time of the last probe. */
  probedAt?: string;
}

export interface LatencySample {
  /** epoch ms */
  at: number;
  /** undefined when the probe failed */
  latencyMs?: number;
  ok: boolean;
}

export type NodeState = 'Ready' | 'NotReady' | 'Disconnected' | 'Unknown';

export interface NodeTransition {
  at: number;
  from: NodeState;
  to: NodeState;
  reason?: string;
}

export interface ResourceUsage {
  at: number;
  cpuMillicores?: number;
  memoryBytes?: number;
  fsUsedBytes?: number;
  fsCapacityBytes?: number;
  pods?: number;
}

/** Whether the apiserver reaches the node's kubelet (through the tunnel), apart from heartbeats. */
export interface KubeletReach {
  state: 'reachable' | 'unreachable';
  /** epoch ms since when it has been in this state (as far as the model has seen) */
  since?: number;
  /** why not, in words for a person ("no tunnel from this device yet: ...") */
  reason?: string;
  /** the control plane's tunnel has no agent connected for this node */
  noTunnel?: boolean;
}

export interface EdgeNodeInfo {
  /** Made by core/ids.ts deviceId(): stable across refreshes. */
  id: DeviceId;
  seed: string;
  controlPlane: string;
  name: string;
  state: NodeState;
  /** epoch ms of the Lease's renewTime, when known */
  lastHeartbeat?: number;
  /** epoch ms since when the node is disconnected, while it is */
  disconnectedSince?: number;
  kubeletVersion?: string;
  os?: string;
  arch?: string;
  internalIP?: string;
  labels: Record<string, string>;
  capacity: { cpuMillicores?: number; memoryBytes?: number; pods?: number };
  allocatable: { cpuMillicores?: number; memoryBytes?: number; pods?: number };
  /** latest sample, if any */
  usage?: ResourceUsage;
  /** why usage is missing: "no metrics API", "no route from the apiserver to the kubelet", "forbidden" */
  usageUnavailableReason?: string;
  /** Whether the apiserver can reach its kubelet; undefined until the first request through the node proxy. */
  kubeletReach?: KubeletReach;
  /** The kubelet's latest "cannot create a pod sandbox" event of the last minutes: the node is Ready but runs nothing. */
  runtimeProblem?: string;
  transitions: NodeTransition[];
}

export interface JoiningDevice {
  /** The id of the Node it joins as (core/ids.ts deviceId()). */
  id: DeviceId;
  seed: string;
  controlPlane: string;
  /** device name (the node name it will register as) */
  name: string;
  /** token expiry, ISO */
  expiresAt?: string;
  sshTarget?: string;
}

export interface ControlPlaneView extends ControlPlaneSummary {
  id: ControlPlaneId;
  /** True until its pods and workloads were first read from the seed (e.g. right after a window reload). */
  syncing?: boolean;
  connection: ClusterConnection;
  nodeCount: number;
  readyCount: number;
}

export interface SeedView {
  id: SeedId;
  name: string;
  context: string;
  connection: ClusterConnection;
}

/** Fine-grained change events: the tree refreshes the one element named. */
export type FleetEvent =
  | { kind: 'seed'; seedId: string }
  | { kind: 'seeds' }
  | { kind: 'controlPlane'; controlPlaneId: string }
  | { kind: 'controlPlanes'; seedId: string }
  | { kind: 'node'; nodeId: string; controlPlaneId: string }
  | { kind: 'nodes'; controlPlaneId: string }
  | { kind: 'joining'; controlPlaneId: string }
  | { kind: 'usage'; controlPlaneId: string; nodeIds: string[] }
  | { kind: 'connection'; clusterId: string };

export interface FleetSnapshotReader {
  seeds(): SeedView[];
  controlPlanes(seedId: string): ControlPlaneView[];
  controlPlane(id: string): ControlPlaneView | undefined;
  nodes(controlPlaneId: string): EdgeNodeInfo[];
  node(id: string): EdgeNodeInfo | undefined;
  joining(controlPlaneId: string): JoiningDevice[];
  usageHistory(nodeId: string): ResourceUsage[];
  latencyHistory(clusterId: string): LatencySample[];
  onEvent(listener: (e: FleetEvent) => void): { dispose(): void };
}
