// Remove Seed: placeholder until its capability lands; says so instead of failing silently.
import * as vscode from 'vscode';
import type { Services } from '../services';

export async function removeSeed(services: Services): Promise<void> {
  services.logger.log('info', 'removeSeed: not available in this build yet');
  await vscode.window.showInformationMessage(vscode.l10n.t('Edgeplane: "Remove Seed" is not available in this build yet.'));
}
