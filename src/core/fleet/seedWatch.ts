// One seed: its /livez probe, a watch of control-plane namespaces and, per
// control plane, watches of its pods, Deployments and StatefulSets feeding the
// phase; once the control plane runs, its edge cluster (EdgeCluster).
import type { KubeConfig } from '@kubernetes/client-node';
import type { ControlPlaneSpec } from '../controlplane/types';
import { describeError } from '../errors';
import { controlPlaneId } from '../ids';
import { labels, type SeedConfig } from '../seeds';
import { Backoff } from './backoff';
import { deriveConnection, Prober, sameConnection } from './connection';
import { derivePhase } from '../controlplane/phase';
import { cpAnnotations } from '../controlplane/names';
import { namespaceFacts, podLite, workloadLite, type NamespaceFacts, type PodLite, type WorkloadLite } from './controlPlaneFacts';
import type { ClusterContext } from './edgeCluster';
import { EdgeCluster } from './edgeCluster';
import { KubeHttp } from './kubeHttp';
import { Reflector, type ReflectorHandler } from './reflector';
import type { ClusterConnection, ControlPlaneView } from './types';

export type AdminKubeConfigResolver = (seed: SeedConfig, controlPlane: string, seedHttp: KubeHttp) => Promise<KubeConfig>;

class ControlPlaneEntry {
  readonly pods = new Map<string, PodLite>();
  readonly deployments = new Map<string, WorkloadLite>();
  readonly statefulSets = new Map<string, WorkloadLite>();
  reflectors: Reflector[] = [];
  edge: EdgeCluster | undefined;
  edgeTimer: NodeJS.Timeout | undefined;
  edgeAbort = new AbortController();
  readonly edgeBackoff = new Backoff({ initialMs: 2000, maxMs: 60_000 });
  edgeError: string | undefined;
  /** The stored admin kubeconfig was refused (not merely unreadable yet): shown as the control plane's problem. */
  edgeRefused = false;
  view: ControlPlaneView | undefined;
  /** Reflectors that listed at least once: until all have, empty maps mean "not read yet", not "gone". */
  readonly synced = new Set<string>();
  constructor(public ns: NamespaceFacts) {}
}

export class SeedWatch {
  readonly http: KubeHttp;
  connection: ClusterConnection = { state: 'unknown' };
  private readonly cps = new Map<string, ControlPlaneEntry>();
  private readonly nsReflector: Reflector;
  private readonly prober: Prober;
  private readonly failing = new Map<Reflector, string>();
  private stopped = false;

  constructor(readonly seed: SeedConfig, kc: KubeConfig, private readonly ctx: ClusterContext, private readonly resolveAdmin: AdminKubeConfigResolver) {
    this.http = new KubeHttp(kc);
    this.nsReflector = this.reflector('control-plane namespaces', '/api/v1/namespaces', {
      upsert: (_k, raw) => this.upsertNamespace(namespaceFacts(raw)),
      remove: (k) => void this.removeControlPlane(this.cpNameOfNamespace(k)),
      synced: () => ctx.emit({ kind: 'controlPlanes', seedId: seed.name }),
    }, labels.controlPlane);
    this.prober = new Prober(this.http, ctx.probeIntervalMs, ctx.historyMs, ctx.now, () => this.updateConnection(), ctx.logger, seed.name);
  }

  start(): void {
    this.nsReflector.start();
    this.prober.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.prober.stop();
    await Promise.all([this.nsReflector.stop(), ...[...this.cps.keys()].map((n) => this.removeControlPlane(n, true))]);
    this.http.dispose();
  }

  /** Restart watches: all of this seed, or of one control plane. */
  refresh(controlPlane?: string): void {
    if (controlPlane === undefined) {
      this.nsReflector.restart();
      this.prober.kick();
    }
    for (const [name, e] of this.cps) {
      if (controlPlane !== undefined && name !== controlPlane) continue;
      for (const r of e.reflectors) r.restart();
      e.edge?.refresh();
    }
  }

  controlPlanes(): ControlPlaneView[] {
    return [...this.cps.values()].flatMap((e) => (e.view ? [this.liveView(e, e.view)] : []));
  }

  controlPlane(name: string): ControlPlaneView | undefined {
    const e = this.cps.get(name);
    return e?.view ? this.liveView(e, e.view) : undefined;
  }

  edge(name: string): EdgeCluster | undefined {
    return this.cps.get(name)?.edge;
  }

  /** Counts and connection change often: read them live instead of copying them into the view. */
  private liveView(e: ControlPlaneEntry, v: ControlPlaneView): ControlPlaneView {
    return {
      ...v,
      connection: e.edge?.connection ?? { state: 'unknown', reason: e.edgeError },
      nodeCount: e.edge?.nodeCount ?? 0,
      readyCount: e.edge?.ready ?? 0,
    };
  }

  latencyHistory(): ReturnType<Prober['history']['toArray']> {
    return this.prober.history.toArray();
  }

  private reflector(name: string, path: string, handler: Omit<ReflectorHandler, 'health'>, labelSelector?: string): Reflector {
    const r: Reflector = new Reflector({
      name: `${this.seed.name} ${name}`, http: this.http, path, labelSelector, logger: this.ctx.logger,
      handler: {
        ...handler,
        health: (ok, err) => {
          if (ok) this.failing.delete(r);
          else this.failing.set(r, err ?? 'error');
          this.updateConnection();
        },
      },
    });
    return r;
  }

  private cpNameOfNamespace(key: string): string {
    for (const [name, e] of this.cps) if (e.ns.name === key) return name;
    return key.replace(/^edgeplane-/, '');
  }

  private upsertNamespace(ns: NamespaceFacts): void {
    let e = this.cps.get(ns.controlPlane);
    if (!e) {
      e = new ControlPlaneEntry(ns);
      this.cps.set(ns.controlPlane, e);
      const entry = e;
      const byName = <T>(map: Map<string, T>, strip: (raw: unknown) => T, kind: string): Omit<ReflectorHandler, 'health'> => ({
        upsert: (k, raw) => {
          map.set(k, strip(raw));
          this.recompute(entry);
        },
        remove: (k) => {
          map.delete(k);
          this.recompute(entry);
        },
        synced: () => {
          entry.synced.add(kind);
          this.recompute(entry);
        },
      });
      const base = `/namespaces/${ns.name}`;
      e.reflectors = [
        this.reflector(`${ns.controlPlane} pods`, `/api/v1${base}/pods`, byName(e.pods, podLite, 'pods')),
        this.reflector(`${ns.controlPlane} deployments`, `/apis/apps/v1${base}/deployments`, byName(e.deployments, workloadLite, 'deployments')),
        this.reflector(`${ns.controlPlane} statefulsets`, `/apis/apps/v1${base}/statefulsets`, byName(e.statefulSets, workloadLite, 'statefulSets')),
      ];
      for (const r of e.reflectors) r.start();
      this.ctx.emit({ kind: 'controlPlanes', seedId: this.seed.name });
    }
    e.ns = ns;
    this.recompute(e);
  }

  private async removeControlPlane(name: string, quiet = false): Promise<void> {
    const e = this.cps.get(name);
    if (!e) return;
    this.cps.delete(name);
    await this.stopEdge(e);
    await Promise.all(e.reflectors.map((r) => r.stop()));
    for (const r of e.reflectors) this.failing.delete(r);
    if (!quiet) this.ctx.emit({ kind: 'controlPlanes', seedId: this.seed.name });
  }

  private async stopEdge(e: ControlPlaneEntry): Promise<void> {
    if (e.edgeTimer) clearTimeout(e.edgeTimer);
    e.edgeTimer = undefined;
    e.edgeAbort.abort();
    const edge = e.edge;
    e.edge = undefined;
    await edge?.stop();
  }

  private recompute(e: ControlPlaneEntry): void {
    const id = controlPlaneId(this.seed.name, e.ns.controlPlane);
    const conn = e.edge?.connection;
    const derived = derivePhase({
      namespace: e.ns.raw,
      pods: [...e.pods.values()],
      deployments: [...e.deployments.values()],
      statefulSets: [...e.statefulSets.values()],
      // The edge cluster's /livez probe stands in for derivePhase's apiserver probe.
      probe: !conn || conn.state === 'unknown' ? undefined : { ok: conn.state !== 'unreachable', error: conn.reason, latencyMs: conn.latencyMs },
    });
    // A refused kubeconfig is a problem the person must see, whatever the pods say.
    const refused = e.edgeRefused && derived.phase !== 'Deleting';
    const phase = refused ? 'Degraded' : derived.phase;
    const reason = refused ? `Refused: ${e.edgeError ?? 'its admin kubeconfig'}` : derived.reason;
    // Right after a start (a window reload) the workload maps are still empty: that is "not
    // read yet", not "etcd gone". Keep the last phase (Running for one that was ever ready)
    // and say it is connecting, instead of a false "Degraded" for the first seconds.
    const syncing = e.synced.size < e.reflectors.length;
    const shown = syncing && phase !== 'Deleting' ? { phase: e.view?.phase ?? (e.ns.raw.metadata?.annotations?.[cpAnnotations.readyAt] ? 'Running' : 'Provisioning'), reason: 'Connecting: reading its pods and workloads from the seed.' } : { phase, reason };
    const spec: ControlPlaneSpec = e.ns.spec ?? { name: e.ns.controlPlane, version: 'unknown', exposure: 'NodePort', etcdMembers: 1, size: 'small' };
    const view: ControlPlaneView = {
      id, seed: this.seed.name, name: e.ns.controlPlane, namespace: e.ns.name, spec, phase: shown.phase,
      reason: e.edgeError && shown.phase === 'Running' ? `${shown.reason} Edge cluster: ${e.edgeError}` : shown.reason,
      ...(syncing ? { syncing: true } : {}),
      endpoint: e.ns.endpoint, createdAt: e.ns.createdAt,
      connection: e.edge?.connection ?? { state: 'unknown', reason: e.edgeError },
      nodeCount: e.edge?.nodeCount ?? 0, readyCount: e.edge?.ready ?? 0,
    };
    const prev = e.view;
    e.view = view;
    const stable = (v: ControlPlaneView): string => JSON.stringify([v.phase, v.reason, v.endpoint, v.spec, v.syncing]);
    if (!prev || stable(prev) !== stable(view)) {
      this.ctx.emit({ kind: 'controlPlane', controlPlaneId: id });
    }
    if (phase === 'Deleting') void this.stopEdge(e);
    // Reach for the edge cluster early: the resolver and the watches back off
    // until its admin kubeconfig and apiserver exist, and nodes show at once.
    else if (!e.edge && !e.edgeTimer) this.startEdge(e, 0);
  }

  private startEdge(e: ControlPlaneEntry, delayMs: number): void {
    e.edgeTimer = setTimeout(() => {
      e.edgeAbort = new AbortController();
      const name = e.ns.controlPlane;
      this.resolveAdmin(this.seed, name, this.http)
        .then((kc) => {
          e.edgeTimer = undefined;
          if (this.stopped || this.cps.get(name) !== e || e.edge) return;
          e.edgeError = undefined;
          e.edgeRefused = false;
          e.edgeBackoff.reset();
          e.edge = new EdgeCluster(this.seed.name, name, new KubeHttp(kc), this.ctx, () => this.recompute(e));
          e.edge.start();
          this.recompute(e);
        })
        .catch((err: unknown) => {
          e.edgeTimer = undefined;
          if (this.stopped || this.cps.get(name) !== e) return;
          const refused = (err as { code?: unknown })?.code === 'kubeconfig-refused';
          e.edgeError = refused ? describeError(err) : `cannot read the admin kubeconfig: ${describeError(err)}`;
          this.ctx.logger.log(refused ? 'warn' : 'debug', `fleet: ${this.seed.name}/${name}: ${e.edgeError}`);
          if (refused !== e.edgeRefused) {
            e.edgeRefused = refused;
            this.recompute(e);
          }
          this.startEdge(e, e.edgeBackoff.next());
        });
    }, delayMs);
  }

  private updateConnection(): void {
    const next = deriveConnection({
      lastProbe: this.prober.history.last(),
      probeFailures: this.prober.failures,
      probeError: this.prober.lastError,
      watchesTotal: 1 + [...this.cps.values()].reduce((n, e) => n + e.reflectors.length, 0),
      watchesFailing: this.failing.size,
      watchError: [...this.failing.values()][0],
      slowMs: this.ctx.slowMs,
    });
    const changed = !sameConnection(next, this.connection);
    this.connection = next;
    if (changed) this.ctx.emit({ kind: 'connection', clusterId: this.seed.name });
  }
}
