// Show Node Usage: from a control plane (all its nodes), a node (that node selected),
// or the palette (asks for a control plane).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { webviewPanels } from '../webviews/panels';
import { pickControlPlane } from '../webviews/pickTarget';
import { targetFromArgs } from '../webviews/target';

export async function showNodeUsage(services: Services, ...args: unknown[]): Promise<void> {
  const target = targetFromArgs(args) ?? (await pickControlPlane(services, vscode.l10n.t('Show node usage of which control plane?')));
  if (!target) return;
  webviewPanels(services).showNodeUsage(target);
}
