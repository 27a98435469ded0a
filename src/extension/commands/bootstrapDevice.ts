// Bootstrap Device: placeholder until its capability lands; says so instead of failing silently.
import * as vscode from 'vscode';
import type { Services } from '../services';

export async function bootstrapDevice(services: Services): Promise<void> {
  services.logger.log('info', 'bootstrapDevice: not available in this build yet');
  await vscode.window.showInformationMessage(vscode.l10n.t('Edgeplane: "Bootstrap Device" is not available in this build yet.'));
}
