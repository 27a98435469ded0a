// Turning the kubelet summary API and metrics.k8s.io answers into ResourceUsage.
import type { ResourceUsage } from './types';
import { cpuMillicores, parseQuantity } from '../kube/quantity';

export interface SummaryCpuSample {
  /** epoch ms of the kubelet's CPU stat */
  at: number;
  usageCoreNanoSeconds?: number;
}

interface Summary {
  node?: {
    cpu?: { time?: string; usageNanoCores?: number; usageCoreNanoSeconds?: number };
    memory?: { workingSetBytes?: number; usageBytes?: number };
    fs?: { usedBytes?: number; capacityBytes?: number };
  };
  pods?: unknown[];
}

/**
 * One summary answer to usage. CPU comes from usageNanoCores, or, when the
 * kubelet has not computed it yet, from the usageCoreNanoSeconds delta against
 * the previous sample (so the first sample may lack CPU).
 */
export function parseSummary(body: unknown, now: number, prevCpu?: SummaryCpuSample): { usage: ResourceUsage; cpu: SummaryCpuSample } {
  const s = body as Summary;
  const node = s.node ?? {};
  const cpuAt = node.cpu?.time ? Date.parse(node.cpu.time) : now;
  const cpu: SummaryCpuSample = { at: cpuAt, usageCoreNanoSeconds: node.cpu?.usageCoreNanoSeconds };
  let millicores: number | undefined;
  if (typeof node.cpu?.usageNanoCores === 'number') millicores = node.cpu.usageNanoCores / 1e6;
  else if (prevCpu?.usageCoreNanoSeconds !== undefined && cpu.usageCoreNanoSeconds !== undefined && cpu.at > prevCpu.at) {
    const deltaNs = cpu.usageCoreNanoSeconds - prevCpu.usageCoreNanoSeconds;
    if (deltaNs >= 0) millicores = (deltaNs / ((cpu.at - prevCpu.at) * 1e6)) * 1000;
  }
  const usage: ResourceUsage = {
    at: now,
    cpuMillicores: millicores === undefined ? undefined : Math.round(millicores * 10) / 10,
    memoryBytes: node.memory?.workingSetBytes ?? node.memory?.usageBytes,
    fsUsedBytes: node.fs?.usedBytes,
    fsCapacityBytes: node.fs?.capacityBytes,
    pods: Array.isArray(s.pods) ? s.pods.length : undefined,
  };
  return { usage, cpu };
}

interface NodeMetricsList {
  items?: { metadata?: { name?: string }; usage?: { cpu?: string; memory?: string } }[];
}

/** metrics.k8s.io NodeMetricsList to usage per node name (no filesystem or pods there). */
export function parseNodeMetrics(body: unknown, now: number): Map<string, ResourceUsage> {
  const out = new Map<string, ResourceUsage>();
  for (const item of (body as NodeMetricsList).items ?? []) {
    const name = item.metadata?.name;
    if (!name) continue;
    out.set(name, { at: now, cpuMillicores: cpuMillicores(item.usage?.cpu), memoryBytes: parseQuantity(item.usage?.memory) });
  }
  return out;
}

/** Why the summary via the node proxy failed, in words a person can act on. */
export function usageFailureReason(status: number | undefined, message: string): string {
  if (/no agent available/i.test(message)) return 'no tunnel from this device yet';
  if (status === 403 || status === 401) return 'forbidden: the credentials may not read nodes/proxy (stats/summary)';
  if (status === 404 && /nodes? .*not found/i.test(message)) return 'node not found';
  if (status === 404) return 'no metrics API, and the kubelet has no summary endpoint';
  if (status === 502 || status === 503 || status === 500 || status === undefined || /dial|connect|no route|timeout|refused/i.test(message)) {
    return 'no metrics API and no route from the apiserver to the kubelet';
  }
  return `no metrics API; the kubelet summary failed (HTTP ${status})`;
}
