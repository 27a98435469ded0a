// What a command acts on: a tree row passed by a menu, an id passed by a message row or
// the status bar, or else the person's pick.
import * as vscode from 'vscode';
import type { ControlPlaneView } from '../../core/fleet/types';
import type { SeedConfig } from '../../core/seeds';
import type { Services } from '../services';
import type { FleetElement } from '../tree/elements';

function asElement(arg: unknown): FleetElement | undefined {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'id' in arg ? (arg as FleetElement) : undefined;
}

export function elementIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  return asElement(arg)?.id;
}

export function seedIdFrom(arg: unknown): string | undefined {
  const id = elementIdFrom(arg);
  return id ? id.split('/')[0] : undefined;
}

/** "seed/cp" from a control plane, group, node or message row, or from a string id. */
export function controlPlaneIdFrom(arg: unknown): string | undefined {
  const el = asElement(arg);
  if (el && 'controlPlaneId' in el) return el.controlPlaneId;
  const id = elementIdFrom(arg);
  const parts = id?.split('/') ?? [];
  return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined;
}

export function nodeIdFrom(arg: unknown): string | undefined {
  const el = asElement(arg);
  if (el?.kind === 'node') return el.nodeId;
  if (el?.kind === 'joining') return `${el.controlPlaneId}/${el.name}`;
  const id = typeof arg === 'string' ? arg : undefined;
  return id && id.split('/').length === 3 ? id : undefined;
}

export function seedConfig(services: Services, seedId: string): SeedConfig {
  const seed = services.fleet.seeds().find((s) => s.name === seedId);
  if (!seed) {
    throw new (services.loadCore().UserFacingError)(
      'seed-unknown',
      vscode.l10n.t('There is no seed named "{0}".', seedId),
      vscode.l10n.t('Add it with "Edgeplane: Add Seed" first.'),
    );
  }
  return seed;
}

export async function pickSeed(services: Services, placeholder: string): Promise<string | undefined> {
  const seeds = services.fleet.seeds();
  if (seeds.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No seed yet. Add one with "Edgeplane: Add Seed".'));
    return undefined;
  }
  if (seeds.length === 1) return seeds[0]?.name;
  const picked = await vscode.window.showQuickPick(
    seeds.map((s) => ({ label: s.name, description: s.context })),
    { placeHolder: placeholder },
  );
  return picked?.label;
}

export function allControlPlanes(services: Services, filter?: (cp: ControlPlaneView) => boolean): ControlPlaneView[] {
  const model = services.fleet.get();
  if (!model) return [];
  return model
    .seeds()
    .flatMap((s) => model.controlPlanes(s.id))
    .filter((cp) => !filter || filter(cp));
}

export async function pickControlPlane(
  services: Services,
  placeholder: string,
  filter?: (cp: ControlPlaneView) => boolean,
): Promise<ControlPlaneView | undefined> {
  const cps = allControlPlanes(services, filter);
  if (cps.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No control plane to choose from. Create one with "Edgeplane: Create Control Plane".'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    cps.map((cp) => ({ label: cp.name, description: `${cp.seed} · ${cp.phase}`, detail: cp.reason, cp })),
    { placeHolder: placeholder },
  );
  return picked?.cp;
}
