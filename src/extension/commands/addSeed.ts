// Add Seed: placeholder until its capability lands; says so instead of failing silently.
import * as vscode from 'vscode';
import type { Services } from '../services';

export async function addSeed(services: Services): Promise<void> {
  services.logger.log('info', 'addSeed: not available in this build yet');
  await vscode.window.showInformationMessage(vscode.l10n.t('Edgeplane: "Add Seed" is not available in this build yet.'));
}
