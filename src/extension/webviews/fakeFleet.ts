// A FleetSnapshotReader over plain data and a panel port that records posts, for
// the controller tests. Test-only: nothing in the extension imports it.
import type {
  ControlPlaneView,
  EdgeNodeInfo,
  FleetEvent,
  FleetSnapshotReader,
  LatencySample,
  ResourceUsage,
} from '../../core/fleet/types';

export class FakeFleet implements FleetSnapshotReader {
  cps = new Map<string, ControlPlaneView>();
  nodeList = new Map<string, EdgeNodeInfo[]>();
  usage = new Map<string, ResourceUsage[]>();
  latency = new Map<string, LatencySample[]>();
  private listeners = new Set<(e: FleetEvent) => void>();

  emit(e: FleetEvent): void {
    for (const l of this.listeners) l(e);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  seeds() {
    return [];
  }
  controlPlanes() {
    return [...this.cps.values()];
  }
  controlPlane(id: string) {
    return this.cps.get(id);
  }
  nodes(cpId: string) {
    return this.nodeList.get(cpId) ?? [];
  }
  node(id: string) {
    return [...this.nodeList.values()].flat().find((n) => n.id === id);
  }
  joining() {
    return [];
  }
  usageHistory(nodeId: string) {
    return this.usage.get(nodeId) ?? [];
  }
  latencyHistory(clusterId: string) {
    return this.latency.get(clusterId) ?? [];
  }
  onEvent(listener: (e: FleetEvent) => void) {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }
}

export function cpView(id: string, extra: Partial<ControlPlaneView> = {}): ControlPlaneView {
  const [seed = '', name = ''] = id.split('/');
  return {
    id, seed, name, namespace: `edgeplane-${name}`, phase: 'Running', reason: '', nodeCount: 0, readyCount: 0,
    spec: { name, version: 'v1.35.4', exposure: 'NodePort', etcdMembers: 1, size: 'small' },
    connection: { state: 'connected', latencyMs: 3, probedAt: new Date(1000).toISOString() },
    ...extra,
  };
}

export function nodeInfo(cpId: string, name: string, extra: Partial<EdgeNodeInfo> = {}): EdgeNodeInfo {
  const [seed = '', controlPlane = ''] = cpId.split('/');
  return {
    id: `${cpId}/${name}`, seed, controlPlane, name, state: 'Ready', labels: {}, capacity: {},
    allocatable: { cpuMillicores: 1000, memoryBytes: 2 ** 30, pods: 110 }, transitions: [], ...extra,
  };
}

export class FakePort<Out> {
  posted: Out[] = [];
  isReady = false;
  constructor(readonly target: { controlPlaneId: string; nodeId?: string }) {}
  post(m: Out): void {
    if (this.isReady) this.posted.push(m);
  }
}
