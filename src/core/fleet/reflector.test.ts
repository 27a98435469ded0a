// The reflector's protocol handling (pagination, bookmarks, 410, errors, stop)
// against a scripted HTTP endpoint; the lab's real apiserver is exercised by
// test/integration/fleet.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { silentLogger } from '../ports';
import { Backoff } from './backoff';
import { KubeHttp } from './kubeHttp';
import { Reflector } from './reflector';

interface Scripted {
  server: http.Server;
  url: string;
  requests: string[];
  items: Map<string, string>; // name -> rv
  rv: number;
  watches: http.ServerResponse[];
  watchStatus?: number;
  listGone: boolean;
  /** called whenever a watch opens or closes, so waiters re-check */
  poke: () => void;
}

async function scripted(): Promise<Scripted> {
  const s = { requests: [], items: new Map(), rv: 10, watches: [], listGone: false, poke: () => undefined } as unknown as Scripted;
  s.server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    s.requests.push(u.search);
    if (u.searchParams.get('watch') === 'true') {
      if (s.watchStatus) {
        res.writeHead(s.watchStatus, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', message: 'scripted failure', code: s.watchStatus }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      s.watches.push(res);
      s.poke();
      res.on('close', () => {
        s.watches = s.watches.filter((w) => w !== res);
        s.poke();
      });
      return;
    }
    // Two pages: the continue token carries the offset.
    const all = [...s.items.entries()].sort();
    const from = Number(u.searchParams.get('continue') ?? 0);
    const page = all.slice(from, from + 2);
    const next = from + 2 < all.length ? String(from + 2) : undefined;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      metadata: { resourceVersion: String(s.rv), ...(next ? { continue: next } : {}) },
      items: page.map(([name, rv]) => ({ metadata: { name, resourceVersion: rv }, managedFields: [] })),
    }));
  });
  await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
  s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  return s;
}

function kubeConfig(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  return kc;
}

/** Resolves when `pred` holds after some handler call; fails after `ms`. */
function waiter() {
  const checks = new Set<() => void>();
  return {
    poke: () => [...checks].forEach((c) => c()),
    until: (pred: () => boolean, what: string, ms = 5000) => new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (pred()) {
          checks.delete(check);
          clearTimeout(t);
          resolve();
        }
      };
      const t = setTimeout(() => {
        checks.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      checks.add(check);
      check();
    }),
  };
}

const send = (s: Scripted, type: string, object: unknown): void => {
  for (const w of s.watches) w.write(`${JSON.stringify({ type, object })}\n`);
};

test('reflector lists in pages, watches from the list resourceVersion, follows bookmarks and relists on 410', async (t) => {
  const s = await scripted();
  t.after(() => s.server.close());
  for (const n of ['a', 'b', 'c']) s.items.set(n, '5');
  const state = new Map<string, string>();
  let syncs = 0;
  const w = waiter();
  s.poke = w.poke;
  const r = new Reflector({
    name: 't', http: new KubeHttp(kubeConfig(s.url)), path: '/api/v1/nodes', logger: silentLogger,
    backoff: new Backoff({ initialMs: 10, maxMs: 50 }),
    handler: {
      upsert: (k, raw) => { state.set(k, raw.metadata?.resourceVersion ?? ''); w.poke(); },
      remove: (k) => { state.delete(k); w.poke(); },
      synced: () => { syncs++; w.poke(); },
      health: () => w.poke(),
    },
  });
  r.start();
  await w.until(() => syncs === 1 && s.watches.length === 1, 'first sync and watch');
  assert.deepEqual([...state.keys()].sort(), ['a', 'b', 'c']);
  assert.equal(s.requests.filter((q) => !q.includes('watch=true')).length, 2, 'two list pages');
  const watchQuery = new URLSearchParams(s.requests.at(-1));
  assert.equal(watchQuery.get('resourceVersion'), '10');
  assert.equal(watchQuery.get('allowWatchBookmarks'), 'true');

  send(s, 'ADDED', { metadata: { name: 'd', resourceVersion: '11' } });
  send(s, 'DELETED', { metadata: { name: 'a', resourceVersion: '12' } });
  send(s, 'BOOKMARK', { metadata: { resourceVersion: '20' } });
  await w.until(() => state.has('d') && !state.has('a'), 'watch events');
  // The server closes the stream (its timeout): the next watch resumes from the bookmark.
  const before = s.requests.length;
  s.watches[0]!.end();
  await w.until(() => s.watches.length === 1 && s.requests.length > before, 'resumed watch');
  assert.equal(new URLSearchParams(s.requests.at(-1)).get('resourceVersion'), '20');
  assert.equal(syncs, 1, 'a normal close does not relist');

  // 410 Gone inside the stream: relist, and what vanished meanwhile is removed.
  s.items.clear();
  s.items.set('b', '30');
  s.items.set('e', '30');
  s.rv = 30;
  send(s, 'ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' });
  // The apiserver ends the stream right after the error (this once crashed the process via a pooled socket).
  s.watches[0]!.end();
  await w.until(() => syncs === 2 && s.watches.length === 1, 'relist after 410');
  assert.deepEqual([...state.keys()].sort(), ['b', 'e']);
  assert.equal(state.get('b'), '30');
  assert.equal(r.stats.gone, 1);

  await r.stop();
  await w.until(() => s.watches.length === 0, 'no watch left open after stop');
});

test('reflector reports failing watches and recovers', async (t) => {
  const s = await scripted();
  t.after(() => s.server.close());
  s.items.set('a', '1');
  s.watchStatus = 500;
  const health: boolean[] = [];
  const w = waiter();
  s.poke = w.poke;
  const r = new Reflector({
    name: 't', http: new KubeHttp(kubeConfig(s.url)), path: '/api/v1/nodes', logger: silentLogger,
    backoff: new Backoff({ initialMs: 10, maxMs: 50 }),
    handler: { upsert: () => w.poke(), remove: () => w.poke(), synced: () => w.poke(), health: (ok) => { health.push(ok); w.poke(); } },
  });
  r.start();
  await w.until(() => health.includes(false), 'unhealthy after HTTP 500');
  assert.equal(r.isHealthy, false);
  s.watchStatus = undefined;
  await w.until(() => health.at(-1) === true && s.watches.length === 1, 'healthy again');
  assert.ok(r.stats.restarts >= 1);
  await r.stop();
  await w.until(() => s.watches.length === 0, 'closed');
});
