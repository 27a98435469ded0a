// A list+watch reflector that survives: resourceVersion bookkeeping, bookmarks,
// relist on 410 Gone, restart with backoff+jitter after any error or close, an
// idle deadline for silently dead streams, and nothing left running after stop().
import type { Logger } from '../ports';
import { Backoff } from './backoff';
import { HttpStatusError, type KubeHttp } from './kubeHttp';

/** The metadata every watched object carries; the rest is the caller's business. */
export interface RawObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export interface ReflectorHandler {
  /** An object was added or changed. The raw object is dropped after this call. */
  upsert(key: string, raw: RawObject): void;
  remove(key: string): void;
  /** A full list finished (first sync or relist); keys missing from it were remove()d before. */
  synced(): void;
  /** The reflector's health changed (an error is being backed off from, or it recovered). */
  health(healthy: boolean, error?: string): void;
}

export interface ReflectorOptions {
  name: string;
  http: KubeHttp;
  /** Collection path, e.g. /api/v1/nodes or /api/v1/namespaces/kube-node-lease/leases. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  handler: ReflectorHandler;
  logger: Logger;
  backoff?: Backoff;
  pageSize?: number;
  /** Server-side watch timeout range in seconds; the server closes the stream, we resume from the last resourceVersion. */
  watchTimeoutSeconds?: [number, number];
  /** A stream that brings no line (not even a bookmark) for this long past its timeout is considered dead. */
  idleGraceMs?: number;
  requestTimeoutMs?: number;
}

class GoneError extends Error {}

const keyOf = (raw: RawObject): string => {
  const m = raw.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
};

export class Reflector {
  private stopped = false;
  private abort = new AbortController();
  private sleepTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private resourceVersion: string | undefined;
  private readonly keys = new Set<string>();
  private readonly backoff: Backoff;
  private healthy = true;
  private restartRequested = false;
  private running: Promise<void> | undefined;
  /** Counters for tests and diagnostics. */
  readonly stats = { lists: 0, watches: 0, restarts: 0, gone: 0, events: 0 };

  constructor(private readonly o: ReflectorOptions) {
    this.backoff = o.backoff ?? new Backoff();
  }

  get size(): number {
    return this.keys.size;
  }

  get isHealthy(): boolean {
    return this.healthy;
  }

  start(): void {
    if (this.running) return;
    this.running = this.loop();
  }

  /** Stops the loop and aborts the open request; resolves when nothing is left running. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    await this.running;
  }

  /** Drops the current stream and relists now (the model's refresh()). */
  restart(): void {
    this.resourceVersion = undefined;
    this.backoff.reset();
    this.restartRequested = true;
    this.abort.abort();
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
  }

  private setHealth(healthy: boolean, error?: string): void {
    if (healthy === this.healthy && healthy) return;
    this.healthy = healthy;
    this.o.handler.health(healthy, error);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.abort = new AbortController();
      this.restartRequested = false;
      try {
        if (this.resourceVersion === undefined) await this.list();
        const openedAt = Date.now();
        await this.watch(() => this.setHealth(true));
        // A stream that ran a while and closed is a normal server timeout.
        if (Date.now() - openedAt > 30_000) this.backoff.reset();
      } catch (err) {
        if (this.stopped) break;
        if (this.restartRequested) {
          this.restartRequested = false;
          continue;
        }
        if (err instanceof GoneError || (err instanceof HttpStatusError && err.status === 410)) {
          this.stats.gone++;
          this.o.logger.log('debug', `fleet: ${this.o.name}: resourceVersion too old, relisting`);
          this.resourceVersion = undefined;
        } else {
          const message = err instanceof Error ? err.message : String(err);
          this.o.logger.log('debug', `fleet: ${this.o.name}: ${message}`);
          this.setHealth(false, message);
          this.o.http.resetAgent();
        }
      }
      if (this.stopped) break;
      this.stats.restarts++;
      await this.sleep(this.backoff.next());
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
      this.sleepTimer = setTimeout(() => this.wake?.(), ms);
    });
  }

  private query(extra: Record<string, string>): string {
    const q = new URLSearchParams();
    if (this.o.labelSelector) q.set('labelSelector', this.o.labelSelector);
    if (this.o.fieldSelector) q.set('fieldSelector', this.o.fieldSelector);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return `${this.o.path}?${q.toString()}`;
  }

  private async list(): Promise<void> {
    this.stats.lists++;
    const seen = new Set<string>();
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await this.o.http.getJson<{ metadata?: { resourceVersion?: string; continue?: string }; items?: RawObject[] }>(
        this.query({ limit: String(this.o.pageSize ?? 500), ...(cont ? { continue: cont } : {}) }),
        this.o.requestTimeoutMs ?? 60_000,
        this.abort.signal,
      );
      for (const item of page.items ?? []) {
        const key = keyOf(item);
        seen.add(key);
        this.keys.add(key);
        this.o.handler.upsert(key, item);
      }
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion;
    } while (cont && !this.stopped);
    // Objects deleted while we were not watching: the relist is the truth.
    for (const key of [...this.keys]) {
      if (!seen.has(key)) {
        this.keys.delete(key);
        this.o.handler.remove(key);
      }
    }
    this.resourceVersion = rv;
    this.o.handler.synced();
  }

  private async watch(onOpen: () => void): Promise<void> {
    const [lo, hi] = this.o.watchTimeoutSeconds ?? [240, 360];
    const timeoutSeconds = Math.round(lo + Math.random() * (hi - lo));
    const idleMs = timeoutSeconds * 1000 + (this.o.idleGraceMs ?? 30_000);
    let idle: NodeJS.Timeout | undefined;
    const arm = (): void => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => this.abort.abort(), idleMs);
    };
    this.stats.watches++;
    arm();
    let failure: Error | undefined;
    try {
      await this.o.http.stream(
        this.query({
          watch: 'true',
          allowWatchBookmarks: 'true',
          timeoutSeconds: String(timeoutSeconds),
          resourceVersion: this.resourceVersion ?? '',
        }),
        this.abort.signal,
        onOpen,
        (line) => {
          arm();
          if (failure) return;
          try {
            this.onEvent(line);
          } catch (err) {
            // A 410 inside the stream: stop reading, relist.
            failure = err instanceof Error ? err : new Error(String(err));
            // Not from inside the stream's own 'line' event: let it unwind first.
            const abort = this.abort;
            setImmediate(() => abort.abort());
          }
        },
      );
    } catch (err) {
      if (!failure) throw err;
    } finally {
      if (idle) clearTimeout(idle);
    }
    if (failure) throw failure;
  }

  private onEvent(line: string): void {
    const ev = JSON.parse(line) as { type: string; object: RawObject & { code?: number; message?: string } };
    this.stats.events++;
    const obj = ev.object;
    if (ev.type === 'ERROR') {
      if (obj.code === 410) throw new GoneError(obj.message ?? 'Gone');
      throw new Error(`watch error ${obj.code ?? ''}: ${obj.message ?? 'unknown'}`);
    }
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (ev.type === 'BOOKMARK') return;
    const key = keyOf(obj);
    if (ev.type === 'DELETED') {
      if (this.keys.delete(key)) this.o.handler.remove(key);
      return;
    }
    this.keys.add(key);
    this.o.handler.upsert(key, obj);
  }
}
