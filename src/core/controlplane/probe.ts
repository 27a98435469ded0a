// Probing an apiserver's health endpoints with the credentials of a kubeconfig
// (client-node's own Health helper hides why a probe failed).
import { request, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ProbeResult } from './phase';

export async function probeApiserver(kc: KubeConfig, path: '/readyz' | '/livez' = '/readyz', timeoutMs = 5000): Promise<ProbeResult> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) return { ok: false, error: 'the kubeconfig names no server' };
  const url = new URL(path, server);
  const opts: RequestOptions = { method: 'GET', timeout: timeoutMs };
  await kc.applyToHTTPSOptions(opts);
  const started = Date.now();
  return new Promise<ProbeResult>((resolve) => {
    const req = request(url, opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < 4096) body += d;
      });
      res.on('end', () => {
        const latencyMs = Date.now() - started;
        if (res.statusCode === 200) resolve({ ok: true, latencyMs });
        else resolve({ ok: false, latencyMs, error: `${path} answered ${res.statusCode}${failedChecks(body)}` });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, error: err.code ? `${err.code} ${err.message}` : err.message }));
    req.end();
  });
}

/** "[-]etcd failed" lines of a verbose health answer, joined. */
function failedChecks(body: string): string {
  const failed = body.split('\n').filter((l) => l.startsWith('[-]')).map((l) => l.slice(3).split(' ')[0]);
  return failed.length > 0 ? ` (failing: ${failed.join(', ')})` : '';
}
