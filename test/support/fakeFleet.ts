// The one in-memory FleetSnapshotReader for unit tests and the tree benchmark: built
// from options (N nodes per control plane, spread over sites) or filled by hand, with
// events fired on demand; and a panel port that records posts, for the controller tests.
import { controlPlaneId, deviceId, parseId, seedId } from '../../src/core/ids';
import type {
  ControlPlaneView,
  EdgeNodeInfo,
  FleetEvent,
  FleetSnapshotReader,
  JoiningDevice,
  LatencySample,
  ResourceUsage,
  SeedView,
} from '../../src/core/fleet/types';

export interface FakeFleetOptions {
  seeds?: number;
  controlPlanes?: number;
  nodesPerControlPlane: number;
  /** Sites for the site label; 0 leaves nodes unlabelled. */
  sites?: number;
  siteLabel?: string;
  now?: number;
}

export function cpView(id: string, extra: Partial<ControlPlaneView> = {}): ControlPlaneView {
  const [seed, name] = parts(id);
  return {
    id: controlPlaneId(seed, name), seed, name, namespace: `edgeplane-${name}`, phase: 'Running', reason: '', nodeCount: 0, readyCount: 0,
    spec: { name, version: 'v1.35.4', exposure: 'NodePort', etcdMembers: 1, size: 'small' },
    connection: { state: 'connected', latencyMs: 3, probedAt: new Date(1000).toISOString() },
    ...extra,
  };
}

export function nodeInfo(cpId: string, name: string, extra: Partial<EdgeNodeInfo> = {}): EdgeNodeInfo {
  const [seed, controlPlane] = parts(cpId);
  return {
    id: deviceId(controlPlaneId(seed, controlPlane), name), seed, controlPlane, name, state: 'Ready', labels: {}, capacity: {},
    allocatable: { cpuMillicores: 1000, memoryBytes: 2 ** 30, pods: 110 }, transitions: [], ...extra,
  };
}

/** [seed, control plane] of a control plane id written as a literal in a test. */
function parts(id: string): [string, string] {
  const p = parseId(id);
  return p && p.kind !== 'seed' ? [p.seed, p.controlPlane] : ['', ''];
}

export class FakeFleet implements FleetSnapshotReader {
  readonly seedViews: SeedView[] = [];
  readonly cps = new Map<string, ControlPlaneView>();
  readonly nodesByCp = new Map<string, EdgeNodeInfo[]>();
  readonly nodeById = new Map<string, EdgeNodeInfo>();
  readonly joiningByCp = new Map<string, JoiningDevice[]>();
  readonly usage = new Map<string, ResourceUsage[]>();
  readonly latency = new Map<string, LatencySample[]>();
  private readonly listeners = new Set<(e: FleetEvent) => void>();

  /** Without options: empty, to be filled by hand. */
  constructor(o: FakeFleetOptions = { seeds: 0, nodesPerControlPlane: 0 }) {
    const now = o.now ?? Date.now();
    for (let s = 0; s < (o.seeds ?? 1); s++) {
      const seed = `seed-${s}`;
      this.seedViews.push({ id: seedId(seed), name: seed, context: `ctx-${s}`, connection: { state: 'connected', latencyMs: 3 } });
      for (let c = 0; c < (o.controlPlanes ?? 1); c++) {
        const name = `edge-${c}`;
        const id = controlPlaneId(seed, name);
        const nodes: EdgeNodeInfo[] = [];
        for (let n = 0; n < o.nodesPerControlPlane; n++) {
          const labels: Record<string, string> = {};
          if (o.sites) labels[o.siteLabel ?? 'edgeplane.dev/site'] = `site-${n % o.sites}`;
          nodes.push(nodeInfo(id, `node-${String(n).padStart(5, '0')}`, {
            state: n % 50 === 7 ? 'NotReady' : 'Ready',
            lastHeartbeat: now - 5000,
            kubeletVersion: 'v1.35.4',
            os: 'linux',
            arch: 'amd64',
            internalIP: `10.0.${Math.floor(n / 250)}.${n % 250}`,
            labels,
            capacity: { cpuMillicores: 2000, memoryBytes: 2 * 1024 ** 3, pods: 110 },
            allocatable: { cpuMillicores: 1900, memoryBytes: 1.8 * 1024 ** 3, pods: 110 },
            usage: { at: now, cpuMillicores: 190, memoryBytes: 0.9 * 1024 ** 3 },
          }));
        }
        this.setNodes(id, nodes);
        this.joiningByCp.set(id, []);
        this.cps.set(id, cpView(id, {
          reason: 'all components ready',
          endpoint: 'https://10.0.0.1:30443',
          connection: { state: 'connected', latencyMs: 4 },
          nodeCount: nodes.length,
          readyCount: nodes.filter((x) => x.state === 'Ready').length,
        }));
      }
    }
  }

  /** Replaces the nodes of one control plane. */
  setNodes(controlPlaneId: string, nodes: EdgeNodeInfo[]): void {
    for (const old of this.nodesByCp.get(controlPlaneId) ?? []) this.nodeById.delete(old.id);
    this.nodesByCp.set(controlPlaneId, nodes);
    for (const n of nodes) this.nodeById.set(n.id, n);
  }

  seeds(): SeedView[] {
    return this.seedViews;
  }
  controlPlanes(seedId: string): ControlPlaneView[] {
    return [...this.cps.values()].filter((c) => c.seed === seedId);
  }
  controlPlane(id: string): ControlPlaneView | undefined {
    return this.cps.get(id);
  }
  nodes(controlPlaneId: string): EdgeNodeInfo[] {
    return this.nodesByCp.get(controlPlaneId) ?? [];
  }
  node(id: string): EdgeNodeInfo | undefined {
    return this.nodeById.get(id);
  }
  joining(controlPlaneId: string): JoiningDevice[] {
    return this.joiningByCp.get(controlPlaneId) ?? [];
  }
  usageHistory(nodeId: string): ResourceUsage[] {
    return this.usage.get(nodeId) ?? [];
  }
  latencyHistory(clusterId: string): LatencySample[] {
    return this.latency.get(clusterId) ?? [];
  }
  onEvent(listener: (e: FleetEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }
  emit(e: FleetEvent): void {
    for (const l of this.listeners) l(e);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

export class FakePort<Out> {
  posted: Out[] = [];
  isReady = false;
  constructor(readonly target: { controlPlaneId: string; nodeId?: string }) {}
  post(m: Out): void {
    if (this.isReady) this.posted.push(m);
  }
}
