// Select Control Plane: placeholder until its capability lands; says so instead of failing silently.
import * as vscode from 'vscode';
import type { Services } from '../services';

export async function selectControlPlane(services: Services): Promise<void> {
  services.logger.log('info', 'selectControlPlane: not available in this build yet');
  await vscode.window.showInformationMessage(vscode.l10n.t('Edgeplane: "Select Control Plane" is not available in this build yet.'));
}
