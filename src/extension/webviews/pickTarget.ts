// The target of a "Show ..." command run from the palette: ask for a control plane.
import * as vscode from 'vscode';
import type { PanelTarget } from '../../protocol';
import type { Services } from '../services';

export async function pickControlPlane(services: Services, placeHolder: string): Promise<PanelTarget | undefined> {
  const fleet = services.fleet.get();
  if (!fleet) {
    throw new Error(vscode.l10n.t('Edgeplane has no fleet to show yet: add a seed first.'));
  }
  const items = fleet.seeds().flatMap((seed) =>
    fleet.controlPlanes(seed.id).map((cp) => ({
      label: cp.name,
      description: seed.name,
      detail: vscode.l10n.t('{0} · {1} of {2} nodes ready', cp.phase, cp.readyCount, cp.nodeCount),
      id: cp.id,
    })),
  );
  if (items.length === 0) {
    throw new Error(vscode.l10n.t('No control plane is known yet. Create one, or wait until the seed has been read.'));
  }
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder });
  return picked ? { controlPlaneId: picked.id } : undefined;
}
