// The fleet model: the one place the extension reads fleet state from. Watches
// (never polling lists) feed compact per-node state; readers get cheap
// snapshots and coalesced, fine-grained events.
import type { KubeConfig } from '@kubernetes/client-node';
import { describeError } from '../errors';
import { controlPlaneId, parseId, seedId } from '../ids';
import { loadKubeConfig } from '../kube/kubeconfig';
import type { Logger } from '../ports';
import type { SeedConfig } from '../seeds';
import { getAdminKubeConfig } from '../controlplane/access';
import { EventCoalescer } from './coalescer';
import type { ClusterContext } from './edgeCluster';
import type { EdgeCluster } from './edgeCluster';
import { SeedWatch, type AdminKubeConfigResolver } from './seedWatch';
import type {
  ControlPlaneView, EdgeNodeInfo, FleetEvent, FleetSnapshotReader, JoiningDevice, LatencySample, ResourceUsage, SeedView,
} from './types';

export interface FleetModelOptions {
  logger: Logger;
  /** usage sampling interval, default 15 s */
  usageIntervalMs?: number;
  /** how much usage and latency history to keep, default 1 h */
  historyMs?: number;
  /** /livez probe interval, default 5 s */
  probeIntervalMs?: number;
  /** a /livez answer slower than this makes a cluster degraded, default 1 s */
  slowProbeMs?: number;
  now?: () => number;
  /** event batching window, default 100 ms */
  coalesceMs?: number;
  /** How to load a seed's kubeconfig; tests point it at a counting proxy. */
  seedKubeConfig?: (seed: SeedConfig) => KubeConfig;
  /** How to reach an edge cluster; default: the control plane's admin-kubeconfig Secret. */
  adminKubeConfig?: AdminKubeConfigResolver;
}

interface SeedSlot {
  config: SeedConfig;
  watch?: SeedWatch;
  /** set when the kubeconfig could not be loaded */
  error?: string;
}

/** [seed, control plane, device name] of any fleet id; '' for the parts it lacks. */
const splitId = (id: string): [string, string, string] => {
  const p = parseId(id);
  if (!p) return ['', '', ''];
  return [p.seed, p.kind === 'seed' ? '' : p.controlPlane, p.kind === 'device' ? p.name : ''];
};

export class FleetModel implements FleetSnapshotReader {
  private readonly seedsByName = new Map<string, SeedSlot>();
  private readonly events: EventCoalescer;
  private readonly ctx: ClusterContext;
  private readonly stopping = new Set<Promise<void>>();
  private disposed = false;

  constructor(private readonly options: FleetModelOptions) {
    this.events = new EventCoalescer({ delayMs: options.coalesceMs ?? 100 });
    this.ctx = {
      logger: options.logger,
      now: options.now ?? Date.now,
      emit: (e) => {
        if (!this.disposed) this.events.emit(e);
      },
      usageIntervalMs: options.usageIntervalMs ?? 15_000,
      historyMs: options.historyMs ?? 3_600_000,
      probeIntervalMs: options.probeIntervalMs ?? 5_000,
      slowMs: options.slowProbeMs ?? 1_000,
    };
  }

  /** Adds and removes seeds: starts and stops their watches. A changed seed entry restarts its watches. */
  setSeeds(seeds: SeedConfig[]): void {
    if (this.disposed) return;
    const wanted = new Map(seeds.map((s) => [s.name, s]));
    for (const [name, slot] of this.seedsByName) {
      const next = wanted.get(name);
      if (!next || JSON.stringify(next) !== JSON.stringify(slot.config)) this.stopSeed(name);
    }
    for (const s of seeds) if (!this.seedsByName.has(s.name)) this.startSeed(s);
    this.ctx.emit({ kind: 'seeds' });
  }

  /** Restart the watches of one seed (id = seed name), one control plane (`seed/cp`), or everything. */
  refresh(id?: string): void {
    if (id === undefined) {
      for (const slot of this.seedsByName.values()) {
        if (slot.watch) slot.watch.refresh();
        else this.restartSeed(slot.config);
      }
      return;
    }
    const [seed, cp] = splitId(id);
    const slot = this.seedsByName.get(seed);
    if (!slot) return;
    if (!slot.watch) this.restartSeed(slot.config);
    else slot.watch.refresh(cp || undefined);
  }

  /** Stops every watch, probe and timer. */
  dispose(): void {
    void this.disposeAsync();
  }

  /** dispose() that resolves once every watch has ended (tests use it to prove nothing is left). */
  async disposeAsync(): Promise<void> {
    if (!this.disposed) {
      this.disposed = true;
      for (const name of [...this.seedsByName.keys()]) this.stopSeed(name);
      this.events.dispose();
    }
    await Promise.all([...this.stopping]);
  }

  // --- FleetSnapshotReader: no I/O, only what the watches brought ---

  seeds(): SeedView[] {
    return [...this.seedsByName.values()].map((slot) => ({
      id: seedId(slot.config.name),
      name: slot.config.name,
      context: slot.config.context,
      connection: slot.watch?.connection ?? { state: 'unreachable', reason: slot.error },
    }));
  }

  controlPlanes(seedId: string): ControlPlaneView[] {
    return this.seedsByName.get(seedId)?.watch?.controlPlanes() ?? [];
  }

  controlPlane(id: string): ControlPlaneView | undefined {
    const [seed, cp] = splitId(id);
    return this.seedsByName.get(seed)?.watch?.controlPlane(cp);
  }

  nodes(controlPlaneId: string): EdgeNodeInfo[] {
    return this.edge(controlPlaneId)?.nodes() ?? [];
  }

  node(id: string): EdgeNodeInfo | undefined {
    const [seed, cp, name] = splitId(id);
    return this.edge(controlPlaneId(seed, cp))?.node(name);
  }

  joining(controlPlaneId: string): JoiningDevice[] {
    return this.edge(controlPlaneId)?.joining() ?? [];
  }

  usageHistory(nodeId: string): ResourceUsage[] {
    const [seed, cp, name] = splitId(nodeId);
    return this.edge(controlPlaneId(seed, cp))?.usageHistory(name) ?? [];
  }

  /** clusterId: a seed name, or a control plane id `seed/cp` for its edge cluster. */
  latencyHistory(clusterId: string): LatencySample[] {
    const [seed, cp] = splitId(clusterId);
    if (!cp) return this.seedsByName.get(seed)?.watch?.latencyHistory() ?? [];
    return this.edge(clusterId)?.latencyHistory() ?? [];
  }

  onEvent(listener: (e: FleetEvent) => void): { dispose(): void } {
    return this.events.on(listener);
  }

  /** The edge cluster behind a control plane, for tests and diagnostics. */
  edge(controlPlaneId: string): EdgeCluster | undefined {
    const [seed, cp] = splitId(controlPlaneId);
    return this.seedsByName.get(seed)?.watch?.edge(cp);
  }

  private startSeed(config: SeedConfig): void {
    const slot: SeedSlot = { config };
    this.seedsByName.set(config.name, slot);
    try {
      const kc = this.options.seedKubeConfig ? this.options.seedKubeConfig(config) : loadKubeConfig(config.context, config.kubeconfig);
      const resolver = this.options.adminKubeConfig ?? ((seed, cp) => getAdminKubeConfig(seed, cp));
      slot.watch = new SeedWatch(config, kc, this.ctx, resolver);
      slot.watch.start();
    } catch (err) {
      slot.error = describeError(err);
      this.options.logger.log('warn', `fleet: seed ${config.name}: ${slot.error}`);
    }
    this.ctx.emit({ kind: 'seed', seedId: config.name });
  }

  private stopSeed(name: string): void {
    const slot = this.seedsByName.get(name);
    if (!slot) return;
    this.seedsByName.delete(name);
    if (slot.watch) {
      const p = slot.watch.stop().catch(() => undefined).finally(() => this.stopping.delete(p));
      this.stopping.add(p);
    }
  }

  private restartSeed(config: SeedConfig): void {
    this.stopSeed(config.name);
    this.startSeed(config);
  }
}
