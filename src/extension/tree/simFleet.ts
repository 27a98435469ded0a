// An in-memory FleetSnapshotReader for unit tests and the tree benchmark: N nodes in
// one control plane, spread over sites, with events fired on demand.
import type {
  ControlPlaneView,
  EdgeNodeInfo,
  FleetEvent,
  FleetSnapshotReader,
  JoiningDevice,
  SeedView,
} from '../../core/fleet/types';

export interface SimOptions {
  seeds?: number;
  controlPlanes?: number;
  nodesPerControlPlane: number;
  /** Sites for the site label; 0 leaves nodes unlabelled. */
  sites?: number;
  siteLabel?: string;
  now?: number;
}

export class SimFleet implements FleetSnapshotReader {
  readonly seedViews: SeedView[] = [];
  readonly cps = new Map<string, ControlPlaneView>();
  readonly nodesByCp = new Map<string, EdgeNodeInfo[]>();
  readonly nodeById = new Map<string, EdgeNodeInfo>();
  readonly joiningByCp = new Map<string, JoiningDevice[]>();
  private readonly listeners = new Set<(e: FleetEvent) => void>();

  constructor(o: SimOptions) {
    const now = o.now ?? Date.now();
    for (let s = 0; s < (o.seeds ?? 1); s++) {
      const seed = `seed-${s}`;
      this.seedViews.push({ id: seed, name: seed, context: `ctx-${s}`, connection: { state: 'connected', latencyMs: 3 } });
      for (let c = 0; c < (o.controlPlanes ?? 1); c++) {
        const name = `edge-${c}`;
        const id = `${seed}/${name}`;
        const nodes: EdgeNodeInfo[] = [];
        for (let n = 0; n < o.nodesPerControlPlane; n++) {
          const nodeName = `node-${String(n).padStart(5, '0')}`;
          const labels: Record<string, string> = {};
          if (o.sites) labels[o.siteLabel ?? 'edgeplane.dev/site'] = `site-${n % o.sites}`;
          const node: EdgeNodeInfo = {
            id: `${id}/${nodeName}`,
            seed,
            controlPlane: name,
            name: nodeName,
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
            transitions: [],
          };
          nodes.push(node);
          this.nodeById.set(node.id, node);
        }
        this.nodesByCp.set(id, nodes);
        this.joiningByCp.set(id, []);
        this.cps.set(id, {
          id,
          seed,
          name,
          namespace: `edgeplane-${name}`,
          spec: { name, version: 'v1.35.4', exposure: 'NodePort', etcdMembers: 1, size: 'small' },
          phase: 'Running',
          reason: 'all components ready',
          endpoint: 'https://10.0.0.1:30443',
          connection: { state: 'connected', latencyMs: 4 },
          nodeCount: nodes.length,
          readyCount: nodes.filter((x) => x.state === 'Ready').length,
        });
      }
    }
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
  usageHistory(): [] {
    return [];
  }
  latencyHistory(): [] {
    return [];
  }
  onEvent(listener: (e: FleetEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  emit(e: FleetEvent): void {
    for (const l of this.listeners) l(e);
  }
}
