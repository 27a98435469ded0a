// A counting reverse proxy on 127.0.0.1 in front of an apiserver: it proves
// which requests a client makes (list vs watch vs get) without the apiserver's
// audit log. Plain HTTP towards the client; TLS and credentials of the given
// kubeconfig towards the apiserver.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export type Verb = 'list' | 'watch' | 'get' | 'create' | 'update' | 'patch' | 'delete' | 'other';

export interface CountingProxy {
  url: string;
  /** kubeconfig text pointing at the proxy (no credentials: the proxy adds them) */
  kubeconfig(): KubeConfig;
  counts(): Map<string, number>;
  /** "list /api/v1/nodes" style keys with their counts, since the last reset */
  byVerb(verb: Verb): Map<string, number>;
  reset(): void;
  /** Requests in flight (open watches included). */
  open(): number;
  close(): Promise<void>;
}

/** Resource path of a request: /api/v1/nodes/x -> { collection: /api/v1/nodes, name: x }. */
export function classify(method: string, rawUrl: string): { verb: Verb; resource: string } {
  const u = new URL(rawUrl, 'http://proxy');
  const segs = u.pathname.split('/').filter(Boolean);
  let prefixLen: number;
  if (segs[0] === 'api' && segs.length >= 2) prefixLen = 2;
  else if (segs[0] === 'apis' && segs.length >= 3) prefixLen = 3;
  else return { verb: method === 'GET' ? 'get' : 'other', resource: u.pathname };
  let rest = segs.slice(prefixLen);
  let scope = '';
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    scope = `namespaces/${rest[1]}/`;
    rest = rest.slice(2);
  }
  const collection = `/${segs.slice(0, prefixLen).join('/')}/${scope}${rest[0] ?? ''}`;
  const isCollection = rest.length === 1;
  const watch = u.searchParams.get('watch');
  let verb: Verb;
  switch (method) {
    case 'GET': verb = watch === 'true' || watch === '1' ? 'watch' : isCollection ? 'list' : 'get'; break;
    case 'POST': verb = 'create'; break;
    case 'PUT': verb = 'update'; break;
    case 'PATCH': verb = 'patch'; break;
    case 'DELETE': verb = 'delete'; break;
    default: verb = 'other';
  }
  return { verb, resource: isCollection ? collection : `${collection}/${rest.slice(1).join('/')}` };
}

export async function startCountingProxy(upstream: KubeConfig): Promise<CountingProxy> {
  const server = upstream.getCurrentCluster()?.server;
  if (!server) throw new Error('upstream kubeconfig names no server');
  const target = new URL(server);
  const opts: https.RequestOptions = {};
  await upstream.applyToHTTPSOptions(opts);
  const agent = new https.Agent({ keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized ?? !upstream.getCurrentCluster()?.skipTLSVerify });
  let counts = new Map<string, number>();
  let inFlight = 0;
  const sockets = new Set<import('node:net').Socket>();
  const proxy = http.createServer((req, res) => {
    const { verb, resource } = classify(req.method ?? 'GET', req.url ?? '/');
    const key = `${verb} ${resource}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    inFlight++;
    let done = false;
    const finish = (): void => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: target.host };
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k] = v;
    const up = https.request({
      protocol: target.protocol, hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers, agent,
    }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      res.flushHeaders();
      upRes.pipe(res);
      upRes.on('error', () => res.destroy());
      // An upstream that dies mid-stream (apiserver restart) must end the client's stream too.
      upRes.on('aborted', () => res.destroy());
      upRes.on('close', () => {
        if (!upRes.complete) res.destroy();
        finish();
      });
    });
    up.on('error', (err) => {
      finish();
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', status: 'Failure', code: 502, message: `proxy: ${err.message}` }));
      } else res.destroy();
    });
    res.on('close', () => {
      up.destroy();
      finish();
    });
    req.pipe(up);
  });
  proxy.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    url,
    kubeconfig: () => {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'proxy', server: url, skipTLSVerify: true }],
        users: [{ name: `proxy-${url}` }],
        contexts: [{ name: 'proxy', cluster: 'proxy', user: `proxy-${url}` }],
        currentContext: 'proxy',
      });
      return kc;
    },
    counts: () => new Map(counts),
    byVerb: (verb) => new Map([...counts].filter(([k]) => k.startsWith(`${verb} `))),
    reset: () => {
      counts = new Map();
    },
    open: () => inFlight,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => proxy.close(() => r()));
      agent.destroy();
    },
  };
}
