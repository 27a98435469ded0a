// client-node's generated API clients, sending through our own HTTP library.
// Why: VS Code's proxy support ("http.proxySupport": "override", its default)
// replaces the https agent of every extension request to a host other than
// localhost, and client-node puts the kubeconfig's client certificate on that
// agent only: clusters then answer "system:anonymous" (403). Our library repeats
// the agent's TLS options on the request itself; a direct connection made by
// the replacing agent takes them from there.
import http from 'node:http';
import https from 'node:https';
import {
  createConfiguration,
  KubernetesObjectApi,
  ResponseContext,
  ServerConfiguration,
  wrapHttpLibrary,
  type Configuration,
  type KubeConfig,
  type RequestContext,
} from '@kubernetes/client-node';

const tlsKeys = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername', 'crl', 'ciphers'] as const;

/** The TLS options of a plain https.Agent, for the request options (never of a proxy agent). */
export function tlsOptionsOf(agent: unknown): https.RequestOptions {
  if (!(agent instanceof https.Agent)) return {};
  const options = (agent as https.Agent & { options: https.AgentOptions }).options;
  const out: https.RequestOptions = {};
  for (const k of tlsKeys) if (options[k] !== undefined) Object.assign(out, { [k]: options[k] });
  return out;
}

function headersOf(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** One request, its whole answer buffered (the API calls core makes are small; watches use KubeHttp). */
export function sendRequest(ctx: RequestContext): Promise<ResponseContext> {
  const url = new URL(ctx.getUrl());
  const agent = ctx.getAgent();
  const body = ctx.getBody();
  if (body !== undefined && body !== null && typeof body !== 'string' && !Buffer.isBuffer(body)) {
    return Promise.reject(new Error('Edgeplane sends only string bodies to the Kubernetes API.'));
  }
  const lib = url.protocol === 'http:' ? http : https;
  const options: https.RequestOptions = { method: ctx.getHttpMethod(), headers: ctx.getHeaders(), agent, signal: ctx.getSignal(), ...tlsOptionsOf(agent) };
  return new Promise((resolve, reject) => {
    const req = lib.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        resolve(new ResponseContext(res.statusCode ?? 0, headersOf(res.headers), { text: async () => data.toString('utf8'), binary: async () => data }));
      });
    });
    // The same shape as node-fetch's errors: what failed, with the socket error as cause.
    req.on('error', (err: Error) => reject(Object.assign(new Error(`request to ${url.href} failed, reason: ${err.message}`, { cause: err }), { code: (err as { code?: string }).code })));
    req.end(body ?? undefined);
  });
}

const httpApi = wrapHttpLibrary({ send: sendRequest });

function configurationFor(kc: KubeConfig): Configuration {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig has no current cluster.');
  return createConfiguration({ baseServer: new ServerConfiguration(cluster.server, {}), authMethods: { default: kc }, httpApi });
}

/** Use instead of kc.makeApiClient (a lint rule says so). */
export function apiClient<T>(kc: KubeConfig, type: new (configuration: Configuration) => T): T {
  return new type(configurationFor(kc));
}

class ObjectApi extends KubernetesObjectApi {
  static forKubeConfig(kc: KubeConfig): KubernetesObjectApi {
    const client = new ObjectApi(configurationFor(kc));
    client.setDefaultNamespace(kc);
    return client;
  }
}

/** Use instead of KubernetesObjectApi.makeApiClient. */
export function objectApiClient(kc: KubeConfig): KubernetesObjectApi {
  return ObjectApi.forKubeConfig(kc);
}
