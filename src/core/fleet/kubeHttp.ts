// Raw HTTP to one apiserver, authenticated from a KubeConfig. Our own requests
// (not client-node's Watch) because a watch must be abortable while it is still
// connecting and must stream objects we strip at once; auth (exec plugins
// included) is re-applied on every request by client-node's applyToHTTPSOptions.
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import { tlsOptionsOf } from '../kube/apiClient';

export class HttpStatusError extends Error {
  constructor(readonly status: number, message: string, readonly reason?: string) {
    super(message);
    this.name = 'HttpStatusError';
  }
}

export interface RawResponse {
  status: number;
  body: string;
}

interface Prepared {
  url: URL;
  options: https.RequestOptions;
  lib: typeof http | typeof https;
}

export class KubeHttp {
  private agent: http.Agent | undefined;

  constructor(private readonly kc: KubeConfig) {}

  get server(): string {
    return this.kc.getCurrentCluster()?.server ?? '';
  }

  /** Forget the connection pool: after errors, so a new TLS session (and client cert) is used. */
  resetAgent(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  dispose(): void {
    this.resetAgent();
  }

  private async prepare(path: string): Promise<Prepared> {
    const server = this.server;
    if (!server) throw new Error('The kubeconfig names no cluster server.');
    const url = new URL(server.replace(/\/$/, '') + path);
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    const lib = url.protocol === 'http:' ? http : https;
    // client-node builds a fresh agent per call; keep one per cluster so usage
    // sampling and probes reuse connections.
    if (!this.agent) {
      this.agent = url.protocol === 'http:'
        ? new http.Agent({ keepAlive: true, maxSockets: 16 })
        : new https.Agent({
          keepAlive: true,
          maxSockets: 16,
          ca: opts.ca,
          cert: opts.cert,
          key: opts.key,
          pfx: opts.pfx,
          passphrase: opts.passphrase,
          rejectUnauthorized: opts.rejectUnauthorized,
          servername: opts.servername,
        });
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    // TLS options on the request too: an agent swapped out by VS Code's proxy support takes them from there.
    return { url, lib, options: { method: 'GET', headers, agent: this.agent, ...tlsOptionsOf(this.agent) } };
  }

  /** GET with a deadline; resolves with any status (callers decide what a 404 means). */
  async get(path: string, timeoutMs: number, signal?: AbortSignal): Promise<RawResponse> {
    const p = await this.prepare(path);
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (signal) signals.push(signal);
    return new Promise<RawResponse>((resolve, reject) => {
      const req = p.lib.request(p.url, { ...p.options, signal: AbortSignal.any(signals) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** GET that must answer 200 with JSON. */
  async getJson<T>(path: string, timeoutMs: number, signal?: AbortSignal): Promise<T> {
    const r = await this.get(path, timeoutMs, signal);
    if (r.status !== 200) throw statusError(r.status, r.body, path);
    return JSON.parse(r.body) as T;
  }

  /**
   * Opens a watch stream; `onLine` gets each JSON event line. Resolves when the
   * stream ends (server closed it) and rejects on errors or abort.
   */
  async stream(path: string, signal: AbortSignal, onOpen: () => void, onLine: (line: string) => void): Promise<void> {
    const p = await this.prepare(path);
    // Watches get their own connection: a long stream must not occupy the pool.
    // Never a pooled socket: an abort racing the end of the stream would
    // otherwise hit a socket already back in the pool, with no error listener.
    const options = {
      ...p.options,
      signal,
      agent: p.url.protocol === 'http:' ? new http.Agent({ keepAlive: false }) : new https.Agent({ ...(this.agent as https.Agent).options, keepAlive: false }),
    };
    return new Promise<void>((resolve, reject) => {
      const req = p.lib.request(p.url, options, (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => reject(statusError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), p.url.pathname)));
          res.on('error', reject);
          return;
        }
        onOpen();
        res.socket?.setKeepAlive(true, 30_000);
        const lines = createInterface({ input: res, crlfDelay: Infinity });
        lines.on('line', (l) => {
          if (l.length > 0) onLine(l);
        });
        // readline re-emits the response's errors: without a listener they would crash the host.
        lines.on('error', reject);
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('watch stream aborted')));
        lines.on('close', () => resolve());
      });
      req.on('error', reject);
      req.end();
    }).finally(() => options.agent.destroy());
  }
}

export function statusError(status: number, body: string, path: string): HttpStatusError {
  let message = `${path} answered HTTP ${status}`;
  let reason: string | undefined;
  try {
    const s = JSON.parse(body) as { message?: string; reason?: string };
    if (s.message) message += `: ${s.message}`;
    reason = s.reason;
  } catch {
    if (body) message += `: ${body.slice(0, 200)}`;
  }
  return new HttpStatusError(status, message, reason);
}
