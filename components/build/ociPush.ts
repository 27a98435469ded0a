// Pushes an OCI image layout to a registry over the OCI distribution API
// (HEAD/POST/PUT under /v2/), with the registry's Basic or Bearer token auth.
// Credentials come from EDGEPLANE_REGISTRY_USERNAME/PASSWORD or ~/.docker/config.json;
// they are never logged.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { OciLayout } from './oci';

export interface PushTarget {
  /** host[:port] */
  host: string;
  /** repository path, e.g. "edge/kube-controlplane" */
  name: string;
  tag: string;
  /** http instead of https (loopback registries, or --insecure) */
  plainHttp: boolean;
}

/** "host[:port][/ns...]" + image name + tag -> where to push; loopback hosts use plain http. */
export function pushTarget(registry: string, image: string, tag: string, insecure = false): PushTarget {
  const r = registry.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
  const slash = r.indexOf('/');
  const host = slash < 0 ? r : r.slice(0, slash);
  const ns = slash < 0 ? '' : r.slice(slash + 1);
  if (!/^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:]+\](:\d+)?$/i.test(host)) throw new Error(`"${registry}" is not a registry (host[:port][/path], e.g. registry.example.com:5000/edge).`);
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
  return { host, name: ns ? `${ns}/${image}` : image, tag, plainHttp: insecure || registry.startsWith('http://') || loopback };
}

interface Creds { username: string; password: string }

/** Credentials for a registry host: the environment first, then docker's config (auth field). */
export function credentialsFor(host: string, env = process.env, dockerConfig = join(homedir(), '.docker', 'config.json')): Creds | undefined {
  if (env.EDGEPLANE_REGISTRY_USERNAME) return { username: env.EDGEPLANE_REGISTRY_USERNAME, password: env.EDGEPLANE_REGISTRY_PASSWORD ?? '' };
  try {
    const auths = (JSON.parse(readFileSync(dockerConfig, 'utf8')) as { auths?: Record<string, { auth?: string }> }).auths ?? {};
    const entry = auths[host] ?? auths[`https://${host}`] ?? (host === 'docker.io' ? auths['https://index.docker.io/v1/'] : undefined);
    if (!entry?.auth) return undefined;
    const plain = Buffer.from(entry.auth, 'base64').toString('utf8');
    const i = plain.indexOf(':');
    return i < 0 ? undefined : { username: plain.slice(0, i), password: plain.slice(i + 1) };
  } catch {
    return undefined;
  }
}

/** Parses `Bearer realm="...",service="...",scope="..."` (or Basic). */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  const params: Record<string, string> = {};
  for (const m of rest.join(' ').matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) params[m[1] as string] = m[2] as string;
  return { scheme: scheme.toLowerCase(), params };
}

interface Res { status: number; headers: IncomingMessage['headers']; body: string }

function send(url: URL, method: string, headers: Record<string, string>, body?: Buffer | string | (() => NodeJS.ReadableStream)): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'http:' ? httpRequest : httpsRequest)(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (typeof body === 'function') body().pipe(req);
    else req.end(body);
  });
}

export class RegistryClient {
  private auth: string | undefined;
  private readonly base: string;

  constructor(private readonly t: PushTarget, private readonly creds = credentialsFor(t.host)) {
    this.base = `${t.plainHttp ? 'http' : 'https'}://${t.host}`;
  }

  /** One request; on 401 it answers the registry's challenge once and repeats. */
  private async call(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string | (() => NodeJS.ReadableStream)): Promise<Res> {
    const url = new URL(path, this.base);
    const go = (): Promise<Res> => send(url, method, { ...headers, ...(this.auth ? { Authorization: this.auth } : {}) }, body).catch((err: unknown) => {
      throw new Error(`cannot reach the registry ${this.base} (${err instanceof Error ? err.message : String(err)}): check its address and port${this.t.plainHttp ? '' : ', and whether it speaks plain http (then add --insecure)'}.`);
    });
    let res = await go();
    if (res.status === 401 && typeof res.headers['www-authenticate'] === 'string') {
      await this.authenticate(res.headers['www-authenticate']);
      res = await go();
    }
    if (res.status === 401 || res.status === 403) {
      throw new Error(`${this.t.host} refused ${method} ${url.pathname} (HTTP ${res.status}): ${this.creds ? 'the credentials are not allowed to push there' : 'it needs credentials'}; set EDGEPLANE_REGISTRY_USERNAME and EDGEPLANE_REGISTRY_PASSWORD (or log in with docker/podman/crane, which writes ~/.docker/config.json).`);
    }
    return res;
  }

  private async authenticate(header: string): Promise<void> {
    const c = parseChallenge(header);
    const basic = this.creds ? `Basic ${Buffer.from(`${this.creds.username}:${this.creds.password}`).toString('base64')}` : undefined;
    if (c.scheme === 'basic') {
      this.auth = basic;
      return;
    }
    if (c.scheme !== 'bearer' || !c.params.realm) throw new Error(`${this.t.host} asks for an authentication scheme this client does not speak: ${c.scheme}.`);
    const u = new URL(c.params.realm);
    if (c.params.service) u.searchParams.set('service', c.params.service);
    u.searchParams.set('scope', `repository:${this.t.name}:pull,push`);
    const res = await send(u, 'GET', basic ? { Authorization: basic } : {});
    if (res.status !== 200) throw new Error(`${u.host} gave no token for ${this.t.name} (HTTP ${res.status}); check the registry credentials.`);
    const j = JSON.parse(res.body) as { token?: string; access_token?: string };
    this.auth = `Bearer ${j.token ?? j.access_token ?? ''}`;
  }

  private async pushBlob(layoutDir: string, digest: string, size: number): Promise<boolean> {
    const head = await this.call('HEAD', `/v2/${this.t.name}/blobs/${digest}`);
    if (head.status === 200) return false;
    const start = await this.call('POST', `/v2/${this.t.name}/blobs/uploads/`, { 'Content-Length': '0' });
    const location = start.headers.location;
    if (start.status !== 202 || !location) throw new Error(`${this.t.host} did not start an upload for ${this.t.name} (HTTP ${start.status}): ${start.body.slice(0, 300)}`);
    const u = new URL(location, this.base);
    u.searchParams.set('digest', digest);
    const file = join(layoutDir, 'blobs', 'sha256', digest.replace(/^sha256:/, ''));
    const put = await this.call('PUT', `${u.pathname}${u.search}`, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) }, () => createReadStream(file));
    if (put.status !== 201) throw new Error(`${this.t.host} refused blob ${digest} (HTTP ${put.status}): ${put.body.slice(0, 300)}`);
    return true;
  }

  /** Pushes the layout's blobs (skipping those the registry has) and its manifest under the tag. */
  async push(layout: OciLayout, log: (m: string) => void): Promise<string> {
    for (const b of [...layout.layers, layout.config]) {
      const size = statSync(join(layout.dir, 'blobs', 'sha256', b.digest.slice(7))).size;
      const sent = await this.pushBlob(layout.dir, b.digest, size);
      log(`${sent ? 'pushed' : 'already there:'} ${b.digest.slice(0, 19)} (${(size / 2 ** 20).toFixed(1)} MiB)`);
    }
    const res = await this.call('PUT', `/v2/${this.t.name}/manifests/${this.t.tag}`, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, layout.manifest);
    if (res.status !== 201) throw new Error(`${this.t.host} refused the manifest of ${this.t.name}:${this.t.tag} (HTTP ${res.status}): ${res.body.slice(0, 300)}`);
    return `${this.t.host}/${this.t.name}:${this.t.tag}@${layout.manifestDigest}`;
  }
}
