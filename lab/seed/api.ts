// Minimal HTTPS calls to the seed's apiserver with the admin certificate: the
// CLI needs only a few GETs while it waits, not a whole client.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { lab } from '../config';
import { pkiFile } from './pki';

export interface ApiResponse {
  status: number;
  body: string;
}

export function apiRequest(method: string, path: string, body?: unknown, host = '127.0.0.1', contentType = 'application/json'): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host,
        port: lab.apiserverPort,
        path,
        method,
        ca: readFileSync(pkiFile('ca', 'crt')),
        cert: readFileSync(pkiFile('admin', 'crt')),
        key: readFileSync(pkiFile('admin', 'key')),
        timeout: 10_000,
        headers: payload === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export async function apiGet<T>(path: string): Promise<T> {
  const r = await apiRequest('GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
  return JSON.parse(r.body) as T;
}

export async function readyz(host = '127.0.0.1'): Promise<boolean> {
  const r = await apiRequest('GET', '/readyz', undefined, host);
  return r.status === 200;
}

interface NodeLike {
  status?: { conditions?: Array<{ type: string; status: string }> };
}

export async function nodeReady(name: string): Promise<boolean> {
  const node = await apiGet<NodeLike>(`/api/v1/nodes/${name}`);
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
