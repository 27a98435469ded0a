// Open SSH Terminal: placeholder until its capability lands; says so instead of failing silently.
import * as vscode from 'vscode';
import type { Services } from '../services';

export async function openSshTerminal(services: Services): Promise<void> {
  services.logger.log('info', 'openSshTerminal: not available in this build yet');
  await vscode.window.showInformationMessage(vscode.l10n.t('Edgeplane: "Open SSH Terminal" is not available in this build yet.'));
}
