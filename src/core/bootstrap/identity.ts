// Which device a Node belongs to. Hostnames repeat (every fresh Raspberry Pi
// is "raspberrypi"), so a Node name alone proves nothing: each device keeps a
// random id in its join record (/etc/edgeplane/node.json), the Node carries it
// as an annotation, and a join whose Node name is taken by another device is
// refused before any token exists.
import { randomUUID } from 'node:crypto';
import type { V1Node } from '@kubernetes/client-node';
import { UserFacingError } from '../errors';

export const deviceIdAnnotation = 'edgeplane.dev/device-id';

/** The device's own join record, as bootstrap writes it. */
export interface JoinRecord {
  nodeName?: string;
  controlPlane?: string;
  deviceId?: string;
}

export function parseJoinRecord(base64: string | undefined): JoinRecord | undefined {
  if (!base64) return undefined;
  try {
    const v = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as unknown;
    if (typeof v !== 'object' || v === null) return undefined;
    const r = v as Record<string, unknown>;
    const str = (k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
    return { nodeName: str('nodeName'), controlPlane: str('controlPlane'), deviceId: str('deviceId') };
  } catch {
    return undefined;
  }
}

/** The id this device keeps: the one in its record, or a new one. */
export function deviceIdFor(record: JoinRecord | undefined): string {
  const id = record?.deviceId;
  return id && /^[0-9a-f-]{36}$/.test(id) ? id : randomUUID();
}

const internalIp = (n: V1Node): string | undefined => n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;

/**
 * Why `node` (the Node already named like the device) is not this device's,
 * or undefined when it is absent or is. A Node with no id (joined before ids
 * existed) is the device's when its InternalIP is one of the device's addresses.
 */
export function nodeOwnerProblem(node: V1Node | undefined, deviceId: string, addresses: string[]): string | undefined {
  if (!node) return undefined;
  const theirs = node.metadata?.annotations?.[deviceIdAnnotation];
  const ip = internalIp(node);
  if (theirs ? theirs === deviceId : ip !== undefined && addresses.includes(ip)) return undefined;
  const joined = node.metadata?.creationTimestamp ? `, joined ${new Date(node.metadata.creationTimestamp).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  return `another device${ip ? ` (${ip}${joined})` : joined ? ` (${joined.slice(2)})` : ''} is already joined as Node ${node.metadata?.name ?? '?'}`;
}

export function refuseTakenNodeName(device: string, controlPlane: string, problem: string): never {
  throw new UserFacingError(
    'bootstrap-node-name-taken',
    `${device}: ${problem} in control plane "${controlPlane}".`,
    'Give this device its own node name (Bootstrap Device asks for one; an inventory entry takes nodeName), or reset and remove the other device first. Nothing was installed.',
  );
}
