// Where to reach a node or joining device over SSH: the target it was bootstrapped
// through (remembered in globalState), its recorded target, else its address.
import * as vscode from 'vscode';
import type { SshTarget } from '../../core/ssh/sshConfig';
import type { Services } from '../services';
import { resolveOptions, type ResolveTarget } from '../ssh/sshOptions';
import { controlPlaneIdFrom, nodeIdFrom } from './targets';

const key = 'edgeplane.deviceTargets';

export interface RememberedTarget {
  destination: string;
  user: string;
  port: number;
}

export interface DeviceRef {
  controlPlaneId: string;
  nodeName: string;
  remembered?: RememberedTarget;
  /** SSH destination when nothing was remembered (alias, user@host:port or address). */
  destination?: string;
}

export async function rememberTarget(services: Services, nodeId: string, t: RememberedTarget): Promise<void> {
  const all = { ...(services.context.globalState.get<Record<string, RememberedTarget>>(key) ?? {}), [nodeId]: t };
  await services.context.globalState.update(key, all);
}

export function deviceFrom(services: Services, arg: unknown): DeviceRef | undefined {
  const nodeId = nodeIdFrom(arg);
  const cpId = controlPlaneIdFrom(arg);
  if (!nodeId || !cpId) return undefined;
  const nodeName = nodeId.split('/')[2] ?? '';
  const remembered = services.context.globalState.get<Record<string, RememberedTarget>>(key)?.[nodeId];
  const model = services.fleet.get();
  const joining = model?.joining(cpId).find((j) => j.name === nodeName);
  const destination = joining?.sshTarget ?? model?.node(nodeId)?.internalIP;
  return { controlPlaneId: cpId, nodeName, remembered, destination };
}

/** The SSH target for `ref`, asking for a destination when none is known. */
export async function targetFor(services: Services, resolveTarget: ResolveTarget, ref: DeviceRef | undefined): Promise<SshTarget | undefined> {
  if (ref?.remembered) {
    const t = resolveTarget(ref.remembered.destination, resolveOptions(services));
    return { ...t, user: ref.remembered.user, port: ref.remembered.port };
  }
  const destination =
    ref?.destination ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('SSH target'),
      prompt: ref
        ? vscode.l10n.t('How to reach {0} over SSH (a ~/.ssh/config Host or user@host:port)', ref.nodeName)
        : vscode.l10n.t('A ~/.ssh/config Host or user@host:port'),
      ignoreFocusOut: true,
    }));
  return destination ? resolveTarget(destination, resolveOptions(services)) : undefined;
}
