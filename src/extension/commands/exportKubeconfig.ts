// Export Kubeconfig: the edge cluster's admin kubeconfig, saved to a 0600 file or merged
// into the person's kubeconfig as a new context.
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { controlPlaneIdFrom, pickControlPlane, seedConfig } from './targets';

export async function exportKubeconfig(services: Services, arg?: unknown): Promise<void> {
  const id =
    controlPlaneIdFrom(arg) ??
    (await pickControlPlane(services, vscode.l10n.t('Choose the control plane whose kubeconfig to export'), (cp) => cp.phase !== 'Deleting'))?.id;
  if (!id) return;
  const [seedId = '', name = ''] = id.split('/');
  const seed = seedConfig(services, seedId);
  const core = services.loadCore();
  const merge = { label: vscode.l10n.t('$(merge) Merge into my kubeconfig'), description: vscode.l10n.t('as a new context; nothing else changes'), mode: 'merge' as const };
  const file = { label: vscode.l10n.t('$(save) Save to a file…'), description: vscode.l10n.t('readable only by you (0600)'), mode: 'file' as const };
  const how = await vscode.window.showQuickPick([merge, file], { title: vscode.l10n.t('Export Kubeconfig of "{0}"', name) });
  if (!how) return;
  if (how.mode === 'file') {
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(join(homedir(), `${name}.kubeconfig`)),
      saveLabel: vscode.l10n.t('Export'),
    });
    if (!uri) return;
    await core.exportAdminKubeconfig(seed, name, uri.fsPath);
    services.logger.log('info', `exportKubeconfig: wrote the admin kubeconfig of ${id} to ${uri.fsPath} (0600)`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Kubeconfig of "{0}" saved to {1}.', name, uri.fsPath));
    return;
  }
  const result = await core.mergeAdminKubeconfig(seed, name);
  services.logger.log('info', `exportKubeconfig: merged ${id} into ${result.file} as context ${result.context}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Context "{0}" added to {1}. Use it with: kubectl --context {0} get nodes', result.context, result.file),
  );
}
