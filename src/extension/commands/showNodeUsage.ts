// Show Node Usage: from a control plane (all its nodes), a node (that node selected),
// or the palette (asks for a control plane).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickPanelTarget } from './pick';
import { panelTargetFromArgs } from './targets';

export async function showNodeUsage(services: Services, ...args: unknown[]): Promise<void> {
  const target = panelTargetFromArgs(args) ?? (await pickPanelTarget(services, vscode.l10n.t('Show node usage of which control plane?')));
  if (!target) return;
  services.panels.showNodeUsage(target);
}
