// The tunnel step: the Konnectivity agent on the device dials out to the
// control plane's Konnectivity server, so the apiserver reaches this kubelet
// (logs, exec, port-forward, usage) even when the device sits behind NAT.
// Its credential is a ServiceAccount token issued for this Node only (bound to
// the Node object: deleting the Node revokes it), kept in a 0600 file.
import { isIPv4, isIPv6 } from 'node:net';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { apiClient } from '../kube/apiClient';
import { registerSecret } from '../redact';
import { shq, type Remote } from '../ssh/exec';
import { agentServiceAccount, agentTokenAudience, tunnelConfigMap } from '../tunnel/names';
import { httpStatus, readNode } from './cluster';
import { deviceHasFile, restartService, serviceRunning, startService, tailLog, writeFileIfChanged, writeServiceDefinition } from './deviceOps';
import { devicePaths as p, tunnelService } from './paths';
import type { ApiAddress } from './apiAddress';
import { sleep } from '../sleep';

/** A year: re-running bootstrap renews it when less than 30 days are left. */
export const agentTokenSeconds = 365 * 86_400;
const renewBeforeMs = 30 * 86_400_000;

/** What is kept beside the token (not secret): which Node it is bound to and when it expires. */
export interface AgentTokenRecord {
  nodeUid: string;
  expires: string;
}

export interface AgentSettings {
  nodeName: string;
  nodeIp: string;
  server: ApiAddress;
  tunnelPort: number;
}

const flagValue = /^[A-Za-z0-9._/:,=&@-]+$/;

/**
 * The agent's flags, one per word (the supervisor word-splits the flags file).
 * It announces the node's IP and name: the server sends a dial for that
 * address to this agent only. Backoff: from 1 s, x1.5 with 10 % jitter, up to
 * 30 s between attempts (the agent's own loop), so a site coming back after a
 * cut is reconnected within about 30 s and a fleet does not reconnect in step.
 */
export function agentFlags(s: AgentSettings): string[] {
  if (!isIPv4(s.nodeIp) && !isIPv6(s.nodeIp)) throw new Error(`the node IP "${s.nodeIp}" is not an IP address`);
  if (!Number.isInteger(s.tunnelPort) || s.tunnelPort < 1 || s.tunnelPort > 65535) throw new Error(`the tunnel port "${s.tunnelPort}" is not a port`);
  const ipKind = isIPv4(s.nodeIp) ? 'ipv4' : 'ipv6';
  const flags = [
    `--proxy-server-host=${s.server.host}`,
    `--proxy-server-port=${s.tunnelPort}`,
    `--ca-cert=${p.caFile}`,
    `--service-account-token-path=${p.agentToken}`,
    `--agent-id=${s.nodeName}`,
    `--agent-identifiers=${ipKind}=${s.nodeIp}&host=${s.nodeName}`,
    '--sync-interval=1s',
    '--sync-interval-cap=30s',
    '--probe-interval=5s',
    '--keepalive-time=30s',
    '--health-server-host=127.0.0.1',
    '--health-server-port=8093',
    '--admin-bind-address=127.0.0.1',
    '--admin-server-port=8094',
  ];
  for (const f of flags) {
    const v = f.slice(f.indexOf('=') + 1);
    if (!flagValue.test(v)) throw new Error(`agent flag ${JSON.stringify(f)} holds characters a flags file must not hold.`);
  }
  return flags;
}

/** Whether a new token is needed: none yet, bound to another Node object, or expiring soon. */
export function needsNewToken(record: AgentTokenRecord | undefined, nodeUid: string, now: Date): boolean {
  if (!record || record.nodeUid !== nodeUid) return true;
  const expires = Date.parse(record.expires);
  return !Number.isFinite(expires) || expires - now.getTime() < renewBeforeMs;
}

export function parseTokenRecord(text: string): AgentTokenRecord | undefined {
  try {
    const v = JSON.parse(text) as Partial<AgentTokenRecord>;
    return typeof v.nodeUid === 'string' && typeof v.expires === 'string' ? { nodeUid: v.nodeUid, expires: v.expires } : undefined;
  } catch {
    return undefined;
  }
}

/** The tunnel's port the control plane published; undefined when it predates the tunnel. */
export async function readTunnelPort(kc: KubeConfig): Promise<number | undefined> {
  try {
    const cm = await apiClient(kc, CoreV1Api).readNamespacedConfigMap({ name: tunnelConfigMap, namespace: agentServiceAccount.namespace });
    const raw = cm.data?.port ?? '';
    // From the cluster: only a plain port number is taken.
    if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) return undefined;
    return Number(raw);
  } catch (err) {
    if (httpStatus(err) === 404) return undefined;
    throw err;
  }
}

/** A token for the agents' ServiceAccount, audience the tunnel server, bound to this Node object. */
export async function issueAgentToken(kc: KubeConfig, nodeName: string, nodeUid: string): Promise<{ token: string; expires: string }> {
  const r = await apiClient(kc, CoreV1Api).createNamespacedServiceAccountToken({
    name: agentServiceAccount.name,
    namespace: agentServiceAccount.namespace,
    body: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: [agentTokenAudience], expirationSeconds: agentTokenSeconds, boundObjectRef: { apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid } },
    },
  });
  const token = r.status?.token;
  if (!token) throw new Error('the edge apiserver issued no token for the tunnel agent');
  registerSecret(token);
  return { token, expires: new Date(r.status?.expirationTimestamp ?? Date.now() + agentTokenSeconds * 1000).toISOString() };
}

/** Whether the apiserver reaches this node's kubelet (its /healthz through the node proxy). */
export async function kubeletReachable(kc: KubeConfig, nodeName: string): Promise<boolean> {
  try {
    const r = await apiClient(kc, CoreV1Api).connectGetNodeProxyWithPath({ name: nodeName, path: 'healthz' });
    return String(r).trim() === 'ok';
  } catch {
    return false;
  }
}

export interface TunnelStepInput {
  remote: Remote;
  cluster: KubeConfig;
  nodeName: string;
  nodeIp: string;
  server: ApiAddress;
  systemd: boolean;
  /** The bundle was (re)installed in this run: the agent binary may have changed. */
  installed: boolean;
  signal?: AbortSignal;
  /** How long to wait for the apiserver to reach the kubelet through the tunnel (default 60 s). */
  waitMs?: number;
  warn: (m: string) => void;
}

export async function ensureTunnelAgent(i: TunnelStepInput): Promise<{ acted: boolean; detail: string }> {
  const tunnelPort = await readTunnelPort(i.cluster);
  if (tunnelPort === undefined) {
    i.warn(`The control plane has no tunnel yet: run Create Control Plane again for it (converge), then bootstrap this device again. Until then logs, exec and usage need the device to be reachable from the seed.`);
    return { acted: false, detail: 'no tunnel: the control plane predates it' };
  }
  const node = await readNode(i.cluster, i.nodeName);
  const nodeUid = node?.metadata?.uid;
  if (!nodeUid) throw new Error(`Node ${i.nodeName} has no uid`);
  const did: string[] = [];
  let changed = i.installed;
  const w = (path: string, content: string, mode: string): Promise<boolean> => writeFileIfChanged(i.remote, path, content, mode, i.signal);
  const recordText = (await i.remote.sudo(`cat ${shq(p.agentTokenRecord)} 2>/dev/null || true`, { quiet: true, signal: i.signal })).stdout;
  if (needsNewToken(parseTokenRecord(recordText), nodeUid, new Date()) || !(await deviceHasFile(i.remote, p.agentToken, i.signal))) {
    const t = await issueAgentToken(i.cluster, i.nodeName, nodeUid);
    // 0600: the token is the device's tunnel credential. It goes over stdin, never a command line.
    await w(p.agentToken, t.token, '0600');
    await w(p.agentTokenRecord, `${JSON.stringify({ nodeUid, expires: t.expires })}\n`, '0644');
    did.push('issued its token (bound to this Node)');
    changed = true;
  }
  if (await w(p.agentFlags, `${agentFlags({ nodeName: i.nodeName, nodeIp: i.nodeIp, server: i.server, tunnelPort }).join(' ')}\n`, '0644')) {
    did.push('wrote its flags');
    changed = true;
  }
  if (await writeServiceDefinition(i.remote, tunnelService, i.systemd, i.signal)) changed = true;
  if (!(await serviceRunning(i.remote, tunnelService, i.systemd, i.signal))) {
    await startService(i.remote, tunnelService, i.systemd, i.signal);
    did.push('started the agent');
  } else if (changed) {
    await restartService(i.remote, tunnelService, i.systemd, i.signal);
    did.push('restarted the agent');
  }
  const deadline = Date.now() + (i.waitMs ?? 60_000);
  while (!(await kubeletReachable(i.cluster, i.nodeName))) {
    if (Date.now() > deadline) {
      const log = await tailLog(i.remote, tunnelService, 3);
      i.warn(`The apiserver does not reach ${i.nodeName}'s kubelet through the tunnel yet: logs, exec and usage will fail until the agent connects to ${i.server.host}:${tunnelPort}.${log ? ` Last agent log lines: ${log.split('\n').join(' | ')}` : ''} Check that the device may open TCP connections to that port.`);
      return { acted: did.length > 0, detail: `${did.join(', ') || 'agent running'}; the tunnel is not up yet` };
    }
    await sleep(1000, i.signal);
  }
  return { acted: did.length > 0, detail: `${did.length > 0 ? `${did.join(', ')}; ` : ''}the apiserver reaches the kubelet through the tunnel (port ${tunnelPort})` };
}
