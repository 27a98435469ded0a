// Bootstrap Devices from Inventory: placeholder until its capability lands; says so instead of failing silently.
import * as vscode from 'vscode';
import type { Services } from '../services';

export async function bootstrapInventory(services: Services): Promise<void> {
  services.logger.log('info', 'bootstrapInventory: not available in this build yet');
  await vscode.window.showInformationMessage(vscode.l10n.t('Edgeplane: "Bootstrap Devices from Inventory" is not available in this build yet.'));
}
