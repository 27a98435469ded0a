// Connections to a cluster and the few request patterns core uses everywhere:
// a reachability check with a deadline, server-side apply under one field
// manager, and status-code tests on client-node's errors.
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  StorageV1Api,
  VersionApi,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { UserFacingError } from '../errors';
import { managerName, type SeedConfig } from '../seeds';
import { sleep } from '../sleep';
import { apiClient, objectApiClient } from './apiClient';
import { loadKubeConfig } from './kubeconfig';

export interface ClusterClients {
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  storage: StorageV1Api;
  objects: KubernetesObjectApi;
  /** "https://host:port" of the current context, for messages. */
  server: string;
}

export function clientsFor(kc: KubeConfig): ClusterClients {
  return {
    kc,
    core: apiClient(kc, CoreV1Api),
    apps: apiClient(kc, AppsV1Api),
    storage: apiClient(kc, StorageV1Api),
    objects: objectApiClient(kc),
    server: kc.getCurrentCluster()?.server ?? '(unknown server)',
  };
}

/** Loads the seed's context; a missing file or context throws a UserFacingError naming it. */
export function connectSeed(seed: SeedConfig): ClusterClients {
  return clientsFor(loadKubeConfig(seed.context, seed.kubeconfig));
}

export function statusCode(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

export const isNotFound = (err: unknown): boolean => statusCode(err) === 404;

/** A short reason for a failed request, without the (possibly huge) response body. */
export function errorReason(err: unknown): string {
  if (err instanceof ApiException) {
    const body = typeof err.body === 'string' ? safeJson(err.body) : err.body;
    const message = (body as { message?: string } | undefined)?.message;
    return `HTTP ${err.code}${message ? `: ${message}` : ''}`;
  }
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return [e?.message ?? String(err), cause].filter(Boolean).join(' - ');
}

const transientCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** A failure worth another try: the apiserver was briefly gone (a restart, a readiness blip) or overloaded. */
export function isTransient(err: unknown): boolean {
  const status = statusCode(err);
  if (status !== undefined) return status === 429 || status >= 500;
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  return typeof code === 'string' && transientCodes.has(code);
}

export interface RetryOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  pauseMs?: number;
  onRetry?: (reason: string) => void;
}

/** Runs `fn` again after transient failures until `timeoutMs` has passed; any other failure ends it at once. */
export async function retryTransient<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransient(err) || Date.now() + (o.pauseMs ?? 2000) > deadline) throw err;
      o.onRetry?.(errorReason(err));
      await sleep(o.pauseMs ?? 2000, o.signal);
    }
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Rejects with `onTimeout()` if `p` has not settled after `ms`. */
export async function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fails with a UserFacingError when the cluster does not answer /version in time. */
export async function ensureReachable(c: ClusterClients, what: string, timeoutMs = 8000): Promise<void> {
  const version = apiClient(c.kc, VersionApi);
  const fail = (reason: string, cause?: unknown): UserFacingError =>
    new UserFacingError(
      'cluster-unreachable',
      `${what} at ${c.server} cannot be reached: ${reason}.`,
      `Check that the cluster is running and that this machine can reach ${c.server} (try kubectl --context ${c.kc.getCurrentContext()} get --raw /version), then try again.`,
      { cause },
    );
  try {
    await withDeadline(version.getCode(), timeoutMs, () => fail(`no answer within ${Math.round(timeoutMs / 1000)} s`));
  } catch (err) {
    if (err instanceof UserFacingError) throw err;
    const code = statusCode(err);
    if (code === 401 || code === 403) {
      throw new UserFacingError(
        'cluster-forbidden',
        `${what} at ${c.server} refused the credentials of context "${c.kc.getCurrentContext()}" (${errorReason(err)}).`,
        'Refresh the credentials in that kubeconfig context and try again.',
        { cause: err },
      );
    }
    throw fail(errorReason(err), err);
  }
}

/**
 * Server-side apply of each object under Edgeplane's one field manager.
 * `force` only where Edgeplane is the sole rightful owner of the fields.
 */
export async function applyAll(objects: KubernetesObjectApi, list: KubernetesObject[], force = false): Promise<KubernetesObject[]> {
  const out: KubernetesObject[] = [];
  for (const obj of list) {
    out.push(await objects.patch(obj, undefined, undefined, managerName, force, PatchStrategy.ServerSideApply));
  }
  return out;
}

/** "Kind namespace/name" for logs. */
export function describeObject(o: KubernetesObject): string {
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o.kind} ${ns}${o.metadata?.name ?? '?'}`;
}
