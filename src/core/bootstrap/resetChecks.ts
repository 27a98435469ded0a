// What reset must know from the device before it deletes anything: its own
// join record (/etc/edgeplane/node.json, written by the bootstrap) naming the
// Node being reset, and the record of which directories the bootstrap
// created. An address can lead to another machine (the Node's InternalIP is
// whatever its kubelet reports), and a device's files are not ours to trust.
import { UserFacingError } from '../errors';
import type { Remote } from '../ssh/exec';
import { devicePaths as p, ownedDirs } from './paths';

export interface JoinRecord {
  nodeName?: string;
  controlPlane?: string;
}

/** `undefined`: the device has no join record. Throws on a record that is not a JSON object. */
export function parseJoinRecord(text: string | undefined): JoinRecord | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new UserFacingError(
      'reset-bad-join-record',
      `The device's join record ${p.nodeFile} is not the JSON object Edgeplane writes, so Edgeplane cannot tell which Node the device is: Edgeplane deleted nothing, on the device or in the cluster.`,
      'Check that the SSH destination is the right device; if it is, look at that file on the device.',
    );
  }
  const r = v as Record<string, unknown>;
  return {
    ...(typeof r.nodeName === 'string' ? { nodeName: r.nodeName } : {}),
    ...(typeof r.controlPlane === 'string' ? { controlPlane: r.controlPlane } : {}),
  };
}

/**
 * The Node name to reset, once the device's record names it (and the control
 * plane, when given). Refuses with what was found where, before anything ran.
 */
export function checkJoinRecord(record: JoinRecord | undefined, want: { nodeName?: string; controlPlane?: string }, where: string): string {
  const nothing = 'Edgeplane deleted nothing, on the device or in the cluster';
  if (!record?.nodeName) {
    throw new UserFacingError(
      'reset-no-join-record',
      `The device reached at ${where} has no Edgeplane join record naming a Node (${p.nodeFile}), so it cannot be shown to be ${want.nodeName ? `Node "${want.nodeName}"` : 'a device Edgeplane bootstrapped'}: ${nothing}.`,
      'Check that this SSH destination leads to the right device. If its bootstrap stopped before writing the record, run Bootstrap Device on it again (it completes the join), then reset it.',
    );
  }
  const name = record.nodeName.toLowerCase();
  if (want.nodeName && name !== want.nodeName.toLowerCase()) {
    throw new UserFacingError(
      'reset-wrong-device',
      `The device reached at ${where} says it is Node "${record.nodeName}" (${p.nodeFile}), not "${want.nodeName}": ${nothing}.`,
      `That destination leads to another device (the address a Node reports may be stale or wrong). Run Reset Device again and give the SSH destination of "${want.nodeName}".`,
    );
  }
  if (want.controlPlane && record.controlPlane !== undefined && record.controlPlane !== want.controlPlane) {
    throw new UserFacingError(
      'reset-wrong-device',
      `The device reached at ${where} is Node "${record.nodeName}" of control plane "${record.controlPlane}" (${p.nodeFile}), not of "${want.controlPlane}": ${nothing}.`,
      `Reset it from control plane "${record.controlPlane}", or give the SSH destination of the right device.`,
    );
  }
  return name;
}

/**
 * The directories the device's record says the bootstrap created, keeping
 * only those Edgeplane could have created (a record is a file on the device,
 * not proof). `undefined` when there is no record: then none is removed.
 */
export function parseCreatedDirs(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const owned = new Set<string>(ownedDirs);
  return [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => owned.has(l)))];
}

/** A file's content read as root, `undefined` when it does not exist. */
async function readDeviceFile(remote: Remote, path: string, signal?: AbortSignal): Promise<string | undefined> {
  const r = await remote.sudo(`if [ -f ${path} ]; then echo present; cat ${path}; else echo absent; fi`, { quiet: true, signal });
  if (r.code !== 0) throw remote.failure(`Reading ${path}`, r);
  const nl = r.stdout.indexOf('\n');
  return r.stdout.slice(0, nl) === 'present' ? r.stdout.slice(nl + 1) : undefined;
}

export async function readJoinRecord(remote: Remote, signal?: AbortSignal): Promise<JoinRecord | undefined> {
  return parseJoinRecord(await readDeviceFile(remote, p.nodeFile, signal));
}

export async function readCreatedDirs(remote: Remote, signal?: AbortSignal): Promise<string[] | undefined> {
  return parseCreatedDirs(await readDeviceFile(remote, p.createdDirsFile, signal));
}
