// Samples node usage of one edge cluster: metrics.k8s.io when served (one
// request for all nodes), otherwise each node's kubelet summary through the
// apiserver's node proxy, with a per-node backoff so unreachable kubelets
// (simulated nodes, cut devices) cost little.
import type { Logger } from '../ports';
import { HttpStatusError, type KubeHttp } from './kubeHttp';
import type { NodeState, ResourceUsage } from './types';
import { parseNodeMetrics, parseSummary, usageFailureReason, type SummaryCpuSample } from './usageParse';
import { isNoTunnel, unreachableReason } from './kubeletReach';

export interface UsageResult {
  usage?: ResourceUsage;
  reason?: string;
  /** Set when the sample went through the node proxy: whether it reached the kubelet, and why not. */
  reach?: { ok: boolean; reason?: string; noTunnel?: boolean };
}

export interface UsageTarget {
  nodes(): { name: string; state: NodeState }[];
  record(results: Map<string, UsageResult>): void;
}

export interface UsageSamplerOptions {
  http: KubeHttp;
  target: UsageTarget;
  intervalMs: number;
  now: () => number;
  logger: Logger;
  name: string;
  concurrency?: number;
}

const metricsPath = '/apis/metrics.k8s.io/v1beta1';

export class UsageSampler {
  private timer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private stopped = false;
  private metricsServed: boolean | undefined;
  private rounds = 0;
  private readonly prevCpu = new Map<string, SummaryCpuSample>();
  /** per node: failures in a row and when to try again */
  private readonly retry = new Map<string, { failures: number; nextAt: number }>();
  /** Counters for tests and diagnostics. */
  readonly stats = { rounds: 0, summaryRequests: 0, metricsRequests: 0 };

  constructor(private readonly o: UsageSamplerOptions) {}

  start(): void {
    // First sample soon after start, so a freshly opened view is not empty for 15 s.
    this.timer = setTimeout(() => void this.round(), Math.min(2000, this.o.intervalMs));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
  }

  private async round(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    this.abort = new AbortController();
    this.stats.rounds++;
    try {
      // Re-ask whether metrics.k8s.io is served now and then: it can be installed later.
      if (this.metricsServed === undefined || this.rounds++ % 20 === 0) this.metricsServed = await this.hasMetricsApi();
      const results = this.metricsServed ? await this.fromMetrics() : await this.fromSummaries();
      if (!this.stopped && results.size > 0) this.o.target.record(results);
    } catch (err) {
      if (!this.stopped) this.o.logger.log('debug', `fleet: ${this.o.name}: usage sampling failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.round(), this.o.intervalMs);
  }

  private async hasMetricsApi(): Promise<boolean> {
    const r = await this.o.http.get(metricsPath, 10_000, this.abort.signal);
    return r.status === 200;
  }

  private async fromMetrics(): Promise<Map<string, UsageResult>> {
    this.stats.metricsRequests++;
    const results = new Map<string, UsageResult>();
    try {
      const body = await this.o.http.getJson<unknown>(`${metricsPath}/nodes`, 20_000, this.abort.signal);
      const byName = parseNodeMetrics(body, this.o.now());
      for (const n of this.o.target.nodes()) {
        const u = byName.get(n.name);
        results.set(n.name, u ? { usage: u } : { reason: 'metrics.k8s.io has no sample for this node yet' });
      }
    } catch (err) {
      this.metricsServed = undefined;
      throw err;
    }
    return results;
  }

  private async fromSummaries(): Promise<Map<string, UsageResult>> {
    const now = this.o.now();
    const results = new Map<string, UsageResult>();
    const due: string[] = [];
    for (const n of this.o.target.nodes()) {
      if (n.state === 'Disconnected') {
        results.set(n.name, { reason: 'the node is disconnected' });
        continue;
      }
      const r = this.retry.get(n.name);
      if (r && r.nextAt > now) continue;
      due.push(n.name);
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!this.stopped && next < due.length) {
        const name = due[next++]!;
        results.set(name, await this.summary(name));
      }
    };
    await Promise.all(Array.from({ length: this.o.concurrency ?? 4 }, worker));
    return results;
  }

  private async summary(name: string): Promise<UsageResult> {
    this.stats.summaryRequests++;
    try {
      const body = await this.o.http.getJson<unknown>(`/api/v1/nodes/${encodeURIComponent(name)}/proxy/stats/summary`, 10_000, this.abort.signal);
      const { usage, cpu } = parseSummary(body, this.o.now(), this.prevCpu.get(name));
      this.prevCpu.set(name, cpu);
      this.retry.delete(name);
      return { usage, reach: { ok: true } };
    } catch (err) {
      const status = err instanceof HttpStatusError ? err.status : undefined;
      const message = err instanceof Error ? err.message : String(err);
      const r = this.retry.get(name) ?? { failures: 0, nextAt: 0 };
      r.failures++;
      // Skip this node for 1, 2, 4 ... rounds, at most 5 minutes.
      r.nextAt = this.o.now() + Math.min(300_000, this.o.intervalMs * 2 ** Math.min(r.failures - 1, 8));
      this.retry.set(name, r);
      return { reason: usageFailureReason(status, message), reach: { ok: false, reason: unreachableReason(status, message), noTunnel: isNoTunnel(message) } };
    }
  }

  /** A node left: forget its counters. */
  forget(name: string): void {
    this.prevCpu.delete(name);
    this.retry.delete(name);
  }
}
