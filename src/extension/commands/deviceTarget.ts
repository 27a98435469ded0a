// Where to reach a node or joining device over SSH: the target it was bootstrapped
// through (remembered in globalState on this machine), else what the cluster
// reports (the joining record's target, the Node's InternalIP), which anyone
// who can write to the cluster (a kubelet sets its own addresses) can choose:
// that one is only proposed, for the person to confirm or correct.
import * as vscode from 'vscode';
import type { SshTarget } from '../../core/ssh/sshConfig';
import { deviceParts, type ControlPlaneId } from '../../core/ids';
import type { Services } from '../services';
import { resolveOptions, type ResolveTarget } from '../settings/sshSettings';
import { deviceIdFrom } from './targets';

const key = 'edgeplane.deviceTargets';

export interface RememberedTarget {
  destination: string;
  user: string;
  port: number;
}

export interface DeviceRef {
  controlPlaneId: ControlPlaneId;
  nodeName: string;
  remembered?: RememberedTarget;
  /** SSH destination when nothing was remembered (alias, user@host:port or address). */
  destination?: string;
  /** Where `destination` came from: the joining device's token record, or the Node's InternalIP. */
  destinationSource?: 'joining' | 'nodeAddress';
}

/** How the SSH destination was chosen, for the confirmation a person sees. */
export type TargetSource = 'remembered' | 'confirmed' | 'typed';

export async function rememberTarget(services: Services, nodeId: string, t: RememberedTarget): Promise<void> {
  const all = { ...(services.context.globalState.get<Record<string, RememberedTarget>>(key) ?? {}), [nodeId]: t };
  await services.context.globalState.update(key, all);
}

export function deviceFrom(services: Services, arg: unknown): DeviceRef | undefined {
  const nodeId = deviceIdFrom(arg);
  if (!nodeId) return undefined;
  const { controlPlaneId: cpId, name: nodeName } = deviceParts(nodeId);
  const remembered = services.context.globalState.get<Record<string, RememberedTarget>>(key)?.[nodeId];
  const model = services.fleet.get();
  const joining = model?.joining(cpId).find((j) => j.name === nodeName);
  const internalIP = model?.node(nodeId)?.internalIP;
  const destination = joining?.sshTarget ?? internalIP;
  const destinationSource = joining?.sshTarget ? 'joining' : internalIP ? 'nodeAddress' : undefined;
  return { controlPlaneId: cpId, nodeName, remembered, destination, ...(destinationSource ? { destinationSource } : {}) };
}

/** The SSH target for `ref`, asking for a destination when none is known. */
export async function targetFor(services: Services, resolveTarget: ResolveTarget, ref: DeviceRef | undefined): Promise<SshTarget | undefined> {
  return (await chooseTarget(services, resolveTarget, ref))?.target;
}

/**
 * The SSH target for `ref` and how it was chosen. A destination the cluster
 * reports is never used silently: it is proposed in an input box saying where
 * it came from, and the person confirms or corrects it.
 */
export async function chooseTarget(services: Services, resolveTarget: ResolveTarget, ref: DeviceRef | undefined): Promise<{ target: SshTarget; source: TargetSource } | undefined> {
  if (ref?.remembered) {
    const t = resolveTarget(ref.remembered.destination, resolveOptions(services));
    return { target: { ...t, user: ref.remembered.user, port: ref.remembered.port }, source: 'remembered' };
  }
  const reported = ref?.destination;
  const prompt = !ref
    ? vscode.l10n.t('A ~/.ssh/config Host or user@host:port')
    : reported && ref.destinationSource === 'nodeAddress'
      ? vscode.l10n.t('Node {0} reports the address {1} (set by its kubelet, not verified). Press Enter to connect there, or type the SSH destination of the device (a ~/.ssh/config Host or user@host:port).', ref.nodeName, reported)
      : reported
        ? vscode.l10n.t('The joining record of {0} names {1} (stored in the cluster, not verified). Press Enter to connect there, or type the SSH destination of the device.', ref.nodeName, reported)
        : vscode.l10n.t('How to reach {0} over SSH (a ~/.ssh/config Host or user@host:port)', ref.nodeName);
  const destination = (
    await vscode.window.showInputBox({
      title: vscode.l10n.t('SSH target'),
      prompt,
      value: reported ?? '',
      ignoreFocusOut: true,
    })
  )?.trim();
  if (!destination) return undefined;
  return { target: resolveTarget(destination, resolveOptions(services)), source: destination === reported ? 'confirmed' : 'typed' };
}

/** "edge@10.213.0.11:22 via bastion": what a person checks before a destructive action. */
export function destinationLabel(t: SshTarget): string {
  const hops = t.jumps.map((j) => `${j.user}@${j.host}${j.port === 22 ? '' : `:${j.port}`}`);
  return `${t.user}@${t.host}:${t.port}${hops.length ? ` via ${hops.join(' → ')}` : ''}`;
}
