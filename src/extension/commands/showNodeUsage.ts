// Show Node Usage: placeholder until its capability lands; says so instead of failing silently.
import * as vscode from 'vscode';
import type { Services } from '../services';

export async function showNodeUsage(services: Services): Promise<void> {
  services.logger.log('info', 'showNodeUsage: not available in this build yet');
  await vscode.window.showInformationMessage(vscode.l10n.t('Edgeplane: "Show Node Usage" is not available in this build yet.'));
}
