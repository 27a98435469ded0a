// Show Connectivity: from a control plane or node in the tree, the status bar (its
// selected control plane), or the palette (the selected one, else asks).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { webviewPanels } from '../webviews/panels';
import { pickControlPlane } from '../webviews/pickTarget';
import { targetFromArgs, targetFromId } from '../webviews/target';

export async function showConnectivity(services: Services, ...args: unknown[]): Promise<void> {
  const selected = services.statusBar?.selected();
  const target =
    targetFromArgs(args) ??
    (selected ? targetFromId(selected) : undefined) ??
    (await pickControlPlane(services, vscode.l10n.t('Show connectivity of which control plane?')));
  if (!target) return;
  webviewPanels(services).showConnectivity(target);
}
