// "Ready but runs nothing": the kubelet records FailedCreatePodSandBox events
// when containerd or runc cannot start a pod. The model watches only those
// events (a field selector keeps the stream small) and keeps, per node, the
// newest one; a failure counts while it is recent, since a fixed runtime
// leaves its old events behind until their TTL.
import type { RawObject } from './reflector';

export const sandboxFailureSelector = 'reason=FailedCreatePodSandBox';
/** A failure older than this, with none after it, is taken as over. */
export const sandboxFailureWindowMs = 5 * 60_000;

interface RawEvent extends RawObject {
  source?: { host?: string };
  reportingInstance?: string;
  involvedObject?: { kind?: string };
  message?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { lastObservedTime?: string };
  firstTimestamp?: string;
}

export interface SandboxFailure {
  node: string;
  message: string;
  at: number;
}

export function sandboxFailure(raw: RawObject): SandboxFailure | undefined {
  const e = raw as RawEvent;
  const node = e.source?.host ?? e.reportingInstance;
  const when = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
  const at = when ? Date.parse(when) : NaN;
  if (!node || !Number.isFinite(at)) return undefined;
  // Keep only the first line: runc's errors repeat the whole chain.
  const message = (e.message ?? 'Failed to create pod sandbox').split('\n')[0]!.slice(0, 300);
  return { node, message, at };
}

/** The failures of the last window, newest per node. */
export class SandboxFailures {
  private readonly byKey = new Map<string, SandboxFailure>();

  /** Returns the node whose problem may have changed. */
  upsert(key: string, raw: RawObject): string | undefined {
    const f = sandboxFailure(raw);
    if (!f) return this.remove(key);
    this.byKey.set(key, f);
    return f.node;
  }

  remove(key: string): string | undefined {
    const f = this.byKey.get(key);
    this.byKey.delete(key);
    return f?.node;
  }

  /** Nodes with any failure on record (the few the ticker re-checks). */
  nodes(): Set<string> {
    return new Set([...this.byKey.values()].map((f) => f.node));
  }

  problem(node: string, now: number): string | undefined {
    let newest: SandboxFailure | undefined;
    for (const f of this.byKey.values()) if (f.node === node && (!newest || f.at > newest.at)) newest = f;
    if (!newest || now - newest.at > sandboxFailureWindowMs) return undefined;
    return `cannot start pods: ${newest.message}`;
  }

  /** Forgets failures long past the window. */
  prune(now: number): void {
    for (const [k, f] of this.byKey) if (now - f.at > 2 * sandboxFailureWindowMs) this.byKey.delete(k);
  }
}
