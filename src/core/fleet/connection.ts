// Connection state of one cluster (seed or edge), from its /livez probe and the
// health of its watches; and the probe itself, with its latency history.
import type { Logger } from '../ports';
import type { KubeHttp } from './kubeHttp';
import { RingBuffer } from './ringBuffer';
import type { ClusterConnection, LatencySample } from './types';

export interface ConnectionInputs {
  lastProbe?: LatencySample;
  /** consecutive failed probes */
  probeFailures: number;
  probeError?: string;
  watchesTotal: number;
  watchesFailing: number;
  watchError?: string;
  /** a /livez slower than this is "degraded" */
  slowMs: number;
}

export function deriveConnection(i: ConnectionInputs): ClusterConnection {
  const latencyMs = i.lastProbe?.ok ? i.lastProbe.latencyMs : undefined;
  const probedAt = i.lastProbe ? new Date(i.lastProbe.at).toISOString() : undefined;
  const base = { latencyMs, probedAt };
  // One lost probe is a blip; two in a row, or a failed probe with every watch down, is an outage.
  if (i.probeFailures >= 2 || (i.probeFailures >= 1 && i.watchesTotal > 0 && i.watchesFailing === i.watchesTotal)) {
    return { ...base, state: 'unreachable', reason: `the apiserver does not answer: ${i.probeError ?? 'no answer'}` };
  }
  if (i.probeFailures === 1) return { ...base, state: 'degraded', reason: `the last /livez probe failed: ${i.probeError ?? 'no answer'}` };
  if (i.watchesFailing > 0) {
    return { ...base, state: 'degraded', reason: `${i.watchesFailing} of ${i.watchesTotal} watches failing: ${i.watchError ?? ''}`.trim() };
  }
  if (!i.lastProbe) return { ...base, state: 'unknown' };
  if (latencyMs !== undefined && latencyMs > i.slowMs) return { ...base, state: 'degraded', reason: `/livez took ${Math.round(latencyMs)} ms` };
  return { ...base, state: 'connected' };
}

export const sameConnection = (a: ClusterConnection, b: ClusterConnection): boolean =>
  a.state === b.state && a.reason === b.reason && a.latencyMs === b.latencyMs;

/** Periodic /livez probe; `onSample` runs after each answer or failure. */
export class Prober {
  readonly history: RingBuffer<LatencySample>;
  failures = 0;
  lastError: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private stopped = false;

  constructor(
    private readonly http: KubeHttp,
    private readonly intervalMs: number,
    historyMs: number,
    private readonly now: () => number,
    private readonly onSample: (s: LatencySample) => void,
    private readonly logger: Logger,
    private readonly name: string,
  ) {
    this.history = new RingBuffer(Math.max(2, Math.ceil(historyMs / intervalMs) + 1));
  }

  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
  }

  /** Probe now (e.g. after refresh()). */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    void this.tick();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.abort = new AbortController();
    const started = performance.now();
    let sample: LatencySample;
    try {
      // Probes must not wait longer than their interval: a slow answer is itself the signal.
      const r = await this.http.get('/livez', Math.max(1000, Math.min(this.intervalMs, 10_000)), this.abort.signal);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      if (r.status === 200) {
        sample = { at: this.now(), latencyMs, ok: true };
        this.failures = 0;
        this.lastError = undefined;
      } else {
        sample = { at: this.now(), ok: false };
        this.failures++;
        this.lastError = `/livez answered HTTP ${r.status}`;
      }
    } catch (err) {
      if (this.stopped) return;
      sample = { at: this.now(), ok: false };
      this.failures++;
      this.lastError = err instanceof Error ? (err.name === 'TimeoutError' ? 'timed out' : err.message) : String(err);
      this.logger.log('debug', `fleet: ${this.name}: /livez: ${this.lastError}`);
    }
    if (this.stopped) return;
    this.history.push(sample);
    this.onSample(sample);
    if (!this.stopped && !this.timer) this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }
}
