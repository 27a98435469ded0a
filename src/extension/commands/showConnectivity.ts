// Show Connectivity: from a control plane or node in the tree, the status bar (its
// selected control plane), or the palette (the selected one, else asks).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickPanelTarget } from './pick';
import { panelTargetFrom, panelTargetFromArgs } from './targets';

export async function showConnectivity(services: Services, ...args: unknown[]): Promise<void> {
  const target =
    panelTargetFromArgs(args) ??
    panelTargetFrom(services.statusBar.selected()) ??
    (await pickPanelTarget(services, vscode.l10n.t('Show connectivity of which control plane?')));
  if (!target) return;
  services.panels.showConnectivity(target);
}
