// One edge cluster seen through its control plane's admin kubeconfig: watches
// of Nodes, node Leases, the bootstrap-token Secrets of joining devices and
// the kubelets' sandbox-failure events; a
// /livez probe; usage sampling; and a ticker that turns stale heartbeats into
// Disconnected without waiting for the node controller.
import { controlPlaneId, deviceId, type ControlPlaneId, type DeviceId } from '../ids';
import { nextReach } from './kubeletReach';
import { annotations, labels } from '../seeds';
import { deriveConnection, Prober, sameConnection } from './connection';
import type { KubeHttp } from './kubeHttp';
import { buildNodeInfo, deriveNodeState, leaseFacts, nodeFacts, sameInfo, type LeaseFacts, type NodeFacts } from './nodeState';
import { Reflector, type RawObject } from './reflector';
import { sandboxFailureSelector, SandboxFailures } from './sandboxFailures';
import type { ClusterConnection, EdgeNodeInfo, FleetEvent, JoiningDevice, LatencySample, ResourceUsage } from './types';
import { UsageHistory } from './usageHistory';
import { UsageSampler, type UsageResult } from './usageSampler';
import type { Logger } from '../ports';

export interface ClusterContext {
  logger: Logger;
  now: () => number;
  emit: (e: FleetEvent) => void;
  usageIntervalMs: number;
  historyMs: number;
  probeIntervalMs: number;
  slowMs: number;
}

interface NodeEntry {
  facts: NodeFacts;
  info: EdgeNodeInfo;
}

interface TokenEntry {
  device: string;
  expiresAt?: string;
  sshTarget?: string;
}

export class EdgeCluster {
  readonly id: ControlPlaneId;
  private readonly nodesByName = new Map<string, NodeEntry>();
  private readonly leases = new Map<string, LeaseFacts>();
  private readonly tokens = new Map<string, TokenEntry>();
  private readonly usage = new Map<string, UsageHistory>();
  private readonly sandboxFailures = new SandboxFailures();
  private readonly reflectors: Reflector[];
  private readonly failing = new Map<Reflector, string>();
  private readonly prober: Prober;
  private readonly sampler: UsageSampler;
  private ticker: NodeJS.Timeout | undefined;
  private readyCount = 0;
  connection: ClusterConnection = { state: 'unknown' };
  /** true once the node list arrived: a refresh of counts is meaningful only then */
  nodesSynced = false;

  constructor(readonly seed: string, readonly controlPlane: string, readonly http: KubeHttp, private readonly ctx: ClusterContext,
    private readonly onConnection: () => void) {
    this.id = controlPlaneId(seed, controlPlane);
    const reflector = (name: string, path: string, handler: Omit<ConstructorParameters<typeof Reflector>[0]['handler'], 'health'>, labelSelector?: string, fieldSelector?: string): Reflector => {
      const r: Reflector = new Reflector({
        name: `${this.id} ${name}`, http, path, labelSelector, fieldSelector, logger: ctx.logger,
        handler: { ...handler, health: (ok, err) => this.watchHealth(r, ok, err) },
      });
      return r;
    };
    this.reflectors = [
      reflector('nodes', '/api/v1/nodes', {
        upsert: (k, raw) => this.upsertNode(k, raw),
        remove: (k) => this.removeNode(k),
        synced: () => {
          this.nodesSynced = true;
          ctx.emit({ kind: 'nodes', controlPlaneId: this.id });
          ctx.emit({ kind: 'controlPlane', controlPlaneId: this.id });
        },
      }),
      reflector('leases', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
        upsert: (k, raw) => this.upsertLease(k, raw),
        remove: (k) => {
          this.leases.delete(k.replace(/^kube-node-lease\//, ''));
        },
        synced: () => undefined,
      }),
      reflector('bootstrap tokens', '/api/v1/namespaces/kube-system/secrets', {
        upsert: (k, raw) => this.upsertToken(k, raw),
        remove: (k) => {
          if (this.tokens.delete(k)) ctx.emit({ kind: 'joining', controlPlaneId: this.id });
        },
        synced: () => ctx.emit({ kind: 'joining', controlPlaneId: this.id }),
      }, labels.device),
      reflector('sandbox failures', '/api/v1/events', {
        upsert: (k, raw) => this.updateRuntimeProblem(this.sandboxFailures.upsert(k, raw)),
        remove: (k) => this.updateRuntimeProblem(this.sandboxFailures.remove(k)),
        synced: () => undefined,
      }, undefined, sandboxFailureSelector),
    ];
    this.prober = new Prober(http, ctx.probeIntervalMs, ctx.historyMs, ctx.now, () => this.updateConnection(), ctx.logger, this.id);
    this.sampler = new UsageSampler({
      http, intervalMs: ctx.usageIntervalMs, now: ctx.now, logger: ctx.logger, name: this.id,
      target: {
        nodes: () => [...this.nodesByName.values()].map((e) => ({ name: e.info.name, state: e.info.state })),
        record: (results) => this.recordUsage(results),
      },
    });
  }

  start(): void {
    for (const r of this.reflectors) r.start();
    this.prober.start();
    this.sampler.start();
    // A heartbeat going stale is an event no watch delivers: check every second.
    this.ticker = setInterval(() => this.checkHeartbeats(), 1000);
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.prober.stop();
    this.sampler.stop();
    await Promise.all(this.reflectors.map((r) => r.stop()));
    this.http.dispose();
  }

  refresh(): void {
    for (const r of this.reflectors) r.restart();
    this.prober.kick();
  }

  /** For tests and diagnostics. */
  get reflectorStats(): Reflector['stats'][] {
    return this.reflectors.map((r) => r.stats);
  }

  get nodeCount(): number {
    return this.nodesByName.size;
  }

  get ready(): number {
    return this.readyCount;
  }

  nodes(): EdgeNodeInfo[] {
    return [...this.nodesByName.values()].map((e) => e.info);
  }

  node(name: string): EdgeNodeInfo | undefined {
    return this.nodesByName.get(name)?.info;
  }

  joining(): JoiningDevice[] {
    const out: JoiningDevice[] = [];
    for (const t of this.tokens.values()) {
      if (this.nodesByName.has(t.device)) continue;
      out.push({ id: deviceId(this.id, t.device), seed: this.seed, controlPlane: this.controlPlane, name: t.device, expiresAt: t.expiresAt, sshTarget: t.sshTarget });
    }
    return out;
  }

  usageHistory(name: string): ResourceUsage[] {
    return this.usage.get(name)?.toArray() ?? [];
  }

  latencyHistory(): LatencySample[] {
    return this.prober.history.toArray();
  }

  private nodeId(name: string): DeviceId {
    return deviceId(this.id, name);
  }

  private setEntry(name: string, facts: NodeFacts, prev: EdgeNodeInfo | undefined, extra?: Partial<EdgeNodeInfo>): void {
    let info = buildNodeInfo(this.nodeId(name), this.seed, this.controlPlane, facts, this.leases.get(name), prev, this.ctx.now());
    if (extra) info = { ...info, ...extra };
    this.nodesByName.set(name, { facts, info });
    const wasReady = prev?.state === 'Ready';
    const isReady = info.state === 'Ready';
    if (wasReady !== isReady) {
      this.readyCount += isReady ? 1 : -1;
      this.ctx.emit({ kind: 'controlPlane', controlPlaneId: this.id });
    }
    if (!prev) {
      this.ctx.emit({ kind: 'nodes', controlPlaneId: this.id });
      this.ctx.emit({ kind: 'controlPlane', controlPlaneId: this.id });
      if ([...this.tokens.values()].some((t) => t.device === name)) this.ctx.emit({ kind: 'joining', controlPlaneId: this.id });
    } else if (!sameInfo(prev, info)) {
      this.ctx.emit({ kind: 'node', nodeId: info.id, controlPlaneId: this.id });
    }
  }

  private upsertNode(key: string, raw: RawObject): void {
    const facts = nodeFacts(raw);
    this.setEntry(key, facts, this.nodesByName.get(key)?.info);
  }

  private removeNode(key: string): void {
    const e = this.nodesByName.get(key);
    if (!e) return;
    this.nodesByName.delete(key);
    this.usage.delete(key);
    this.sampler.forget(key);
    if (e.info.state === 'Ready') this.readyCount--;
    this.ctx.emit({ kind: 'nodes', controlPlaneId: this.id });
    this.ctx.emit({ kind: 'controlPlane', controlPlaneId: this.id });
  }

  private upsertLease(key: string, raw: RawObject): void {
    const name = key.replace(/^kube-node-lease\//, '');
    this.leases.set(name, leaseFacts(raw));
    const e = this.nodesByName.get(name);
    // Renewals are not events (readers compute the age); state changes are.
    if (e) this.setEntry(name, e.facts, e.info);
  }

  private upsertToken(key: string, raw: RawObject): void {
    const s = raw as RawObject & { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; data?: Record<string, string>; type?: string };
    const device = s.metadata?.labels?.[labels.device];
    if (!device) return;
    const exp = s.data?.expiration ? Buffer.from(s.data.expiration, 'base64').toString('utf8') : undefined;
    // Only the device name, expiry and SSH target are kept: never the token itself.
    this.tokens.set(key, { device, expiresAt: exp, sshTarget: s.metadata?.annotations?.[annotations.sshTarget] });
    this.ctx.emit({ kind: 'joining', controlPlaneId: this.id });
  }

  private checkHeartbeats(): void {
    const now = this.ctx.now();
    for (const [name, e] of this.nodesByName) {
      if (deriveNodeState(e.facts, this.leases.get(name), now) !== e.info.state) this.setEntry(name, e.facts, e.info);
    }
    // Only nodes with a failure on record: a problem ends when its events grow old.
    for (const name of this.sandboxFailures.nodes()) this.updateRuntimeProblem(name);
    this.sandboxFailures.prune(now);
  }

  private updateRuntimeProblem(name: string | undefined): void {
    const e = name === undefined ? undefined : this.nodesByName.get(name);
    if (!e || name === undefined) return;
    const problem = this.sandboxFailures.problem(name, this.ctx.now());
    if (problem === e.info.runtimeProblem) return;
    e.info = { ...e.info, runtimeProblem: problem };
    this.ctx.emit({ kind: 'node', nodeId: e.info.id, controlPlaneId: this.id });
  }

  private recordUsage(results: Map<string, UsageResult>): void {
    const capacity = Math.max(2, Math.ceil(this.ctx.historyMs / this.ctx.usageIntervalMs) + 1);
    const cutoff = this.ctx.now() - this.ctx.historyMs;
    const changed: string[] = [];
    const now = this.ctx.now();
    for (const [name, r] of results) {
      const e = this.nodesByName.get(name);
      if (!e) continue;
      if (r.reach) {
        const reach = nextReach(e.info.kubeletReach, r.reach.ok, r.reach.reason, now, r.reach.noTunnel);
        if (reach !== e.info.kubeletReach) {
          e.info = { ...e.info, kubeletReach: reach };
          if (!r.usage && r.reason === e.info.usageUnavailableReason) changed.push(e.info.id);
        }
      }
      if (r.usage) {
        let h = this.usage.get(name);
        if (!h) this.usage.set(name, (h = new UsageHistory(capacity)));
        h.push(r.usage);
        h.dropBefore(cutoff);
        e.info = { ...e.info, usage: r.usage, usageUnavailableReason: undefined };
        changed.push(e.info.id);
      } else if (r.reason !== e.info.usageUnavailableReason) {
        e.info = { ...e.info, usageUnavailableReason: r.reason };
        changed.push(e.info.id);
      }
    }
    if (changed.length > 0) this.ctx.emit({ kind: 'usage', controlPlaneId: this.id, nodeIds: changed });
  }

  private watchHealth(r: Reflector, ok: boolean, err?: string): void {
    if (ok) this.failing.delete(r);
    else this.failing.set(r, err ?? 'error');
    this.updateConnection();
  }

  private updateConnection(): void {
    const next = deriveConnection({
      lastProbe: this.prober.history.last(),
      probeFailures: this.prober.failures,
      probeError: this.prober.lastError,
      watchesTotal: this.reflectors.length,
      watchesFailing: this.failing.size,
      watchError: [...this.failing.values()][0],
      slowMs: this.ctx.slowMs,
    });
    const changed = !sameConnection(next, this.connection);
    this.connection = next;
    if (changed) {
      this.ctx.emit({ kind: 'connection', clusterId: this.id });
      this.onConnection();
    }
  }
}
