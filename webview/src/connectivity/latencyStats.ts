// Summary of the probes in the visible window. Pure, unit tested.
import type { LatencyPoint } from '../../../src/protocol';

export interface LatencyStats {
  probes: number;
  failed: number;
  medianMs?: number;
  maxMs?: number;
}

export function latencyStats(points: readonly LatencyPoint[]): LatencyStats {
  const ok = points.filter((p) => p.ok && p.latencyMs !== undefined).map((p) => p.latencyMs!).sort((a, b) => a - b);
  const failed = points.filter((p) => !p.ok).length;
  if (ok.length === 0) return { probes: points.length, failed };
  const mid = Math.floor(ok.length / 2);
  const medianMs = ok.length % 2 === 1 ? ok[mid]! : (ok[mid - 1]! + ok[mid]!) / 2;
  return { probes: points.length, failed, medianMs, maxMs: ok[ok.length - 1]! };
}
