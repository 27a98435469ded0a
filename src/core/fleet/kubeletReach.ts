// Whether the apiserver reaches a node's kubelet (logs, exec, port-forward,
// usage), kept apart from whether the node heartbeats: a device behind NAT
// heartbeats fine (it dials out) while the apiserver cannot dial back unless
// its tunnel agent is connected. Learnt from the usage sampler's requests
// through the node proxy, so it costs no request of its own.
import type { KubeletReach } from './types';

/** The Konnectivity server's answer when no agent announced the node's address. */
export const isNoTunnel = (message: string): boolean => /no agent available/i.test(message);

/** What a failed request through the node proxy means, in words for a person. */
export function unreachableReason(status: number | undefined, message: string): string {
  if (isNoTunnel(message)) return 'no tunnel from this device yet: its tunnel agent is not connected to the control plane';
  if (status === 403 || status === 401) return 'the credentials may not reach kubelets (nodes/proxy is forbidden)';
  if (status === 404 && /nodes? .*not found/i.test(message)) return 'the node no longer exists';
  if (/timeout|timed out|deadline/i.test(message)) return 'the kubelet did not answer through the tunnel in time';
  if (/refused/i.test(message)) return 'the tunnel is up but the kubelet refused the connection (is it running?)';
  return 'the apiserver cannot reach the kubelet';
}

/** The next state after one request: `since` moves only when the answer changes. */
export function nextReach(prev: KubeletReach | undefined, ok: boolean, reason: string | undefined, now: number, noTunnel = false): KubeletReach {
  const state = ok ? 'reachable' : 'unreachable';
  if (prev?.state === state) return ok || (prev.reason === reason && Boolean(prev.noTunnel) === noTunnel) ? prev : { ...prev, reason, ...(noTunnel ? { noTunnel } : {}) };
  return ok ? { state, since: now } : { state, since: now, reason, ...(noTunnel ? { noTunnel } : {}) };
}

/** One line for the tree's tooltip and the panel. */
export function describeReach(r: KubeletReach | undefined, now: number): string {
  if (!r) return 'not checked yet';
  const ago = r.since === undefined ? '' : ` (since ${formatAgo(now - r.since)})`;
  return r.state === 'reachable' ? `the apiserver reaches its kubelet${ago}` : `the apiserver cannot reach its kubelet${ago}: ${r.reason ?? 'unknown reason'}`;
}

function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}
