// The one picker of seeds and control planes, for every command and panel: a quick pick
// (never a silent choice, even of one: a shared seed may gain control planes any time),
// and a notification saying how to make one when there is nothing to pick.
import * as vscode from 'vscode';
import type { ControlPlaneView } from '../../core/fleet/types';
import { controlPlaneParts, type ControlPlaneId } from '../../core/ids';
import type { SeedConfig } from '../../core/seeds';
import type { PanelTarget } from '../../protocol';
import type { Services } from '../services';
import { controlPlaneIdFrom } from './targets';

export type ControlPlaneFilter = (cp: ControlPlaneView) => boolean;

/** Control planes a device can join. */
export const joinable: ControlPlaneFilter = (cp) => cp.phase === 'Running' || cp.phase === 'Degraded';
/** Control planes not on their way out. */
export const notDeleting: ControlPlaneFilter = (cp) => cp.phase !== 'Deleting';

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

export function allControlPlanes(services: Services, filter?: ControlPlaneFilter): ControlPlaneView[] {
  const model = services.fleet.get();
  if (!model) return [];
  return model
    .seeds()
    .flatMap((s) => model.controlPlanes(s.id))
    .filter((cp) => !filter || filter(cp));
}

/** One quick-pick row per control plane, as every picker shows them. */
export function controlPlaneItems(cps: readonly ControlPlaneView[]): (vscode.QuickPickItem & { cp: ControlPlaneView })[] {
  return cps.map((cp) => ({
    label: cp.name,
    description: `${cp.seed} · ${cp.spec.version} · ${cp.phase}`,
    detail: cp.reason || vscode.l10n.t('{0} of {1} nodes ready', cp.readyCount, cp.nodeCount),
    cp,
  }));
}

export async function pickControlPlane(services: Services, placeholder: string, filter?: ControlPlaneFilter): Promise<ControlPlaneView | undefined> {
  const cps = allControlPlanes(services, filter);
  if (cps.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No control plane to choose from. Create one with "Edgeplane: Create Control Plane".'));
    return undefined;
  }
  return (await vscode.window.showQuickPick(controlPlaneItems(cps), { placeHolder: placeholder }))?.cp;
}

/** A control plane for a panel, from the same picker. */
export async function pickPanelTarget(services: Services, placeholder: string): Promise<PanelTarget | undefined> {
  const cp = await pickControlPlane(services, placeholder);
  return cp ? { controlPlaneId: cp.id } : undefined;
}

/** The control plane a command acts on: the one it was invoked on, else the person's pick; with its seed's settings. */
export async function controlPlaneTarget(
  services: Services,
  arg: unknown,
  placeholder: string,
  filter?: ControlPlaneFilter,
): Promise<{ id: ControlPlaneId; name: string; seed: SeedConfig } | undefined> {
  const id = controlPlaneIdFrom(arg) ?? (await pickControlPlane(services, placeholder, filter))?.id;
  if (!id) return undefined;
  const { seed, controlPlane } = controlPlaneParts(id);
  return { id, name: controlPlane, seed: seedConfig(services, seed) };
}
