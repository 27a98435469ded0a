// Export Kubeconfig: a kubeconfig with a credential of its own (a client certificate
// for this person and machine, bound to cluster-admin by one ClusterRoleBinding),
// saved to a 0600 file or merged into the person's kubeconfig as a new context.
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { controlPlaneTarget, notDeleting } from './pick';

export async function exportKubeconfig(services: Services, arg?: unknown): Promise<void> {
  const target = await controlPlaneTarget(services, arg, vscode.l10n.t('Choose the control plane whose kubeconfig to export'), notDeleting);
  if (!target) return;
  const { id, name, seed } = target;
  const core = services.loadCore();
  const until = new Date(Date.now() + core.defaultExportDays * 86_400_000).toISOString().slice(0, 10);
  // Say what is handed out before anything is issued.
  const grants = vscode.l10n.t(
    'The kubeconfig holds a new client certificate for you on this machine. It grants {0} (full control of the edge cluster "{1}") until {2}. Withdraw it at any time by deleting its ClusterRoleBinding in the edge cluster (its name is shown after the export).',
    core.exportRole,
    name,
    until,
  );
  const merge = { label: vscode.l10n.t('$(merge) Merge into my kubeconfig'), description: vscode.l10n.t('as a new context; nothing else changes'), detail: grants, mode: 'merge' as const };
  const file = { label: vscode.l10n.t('$(save) Save to a file…'), description: vscode.l10n.t('readable only by you (0600)'), detail: grants, mode: 'file' as const };
  const how = await vscode.window.showQuickPick([merge, file], { title: vscode.l10n.t('Export Kubeconfig of "{0}": grants {1} until {2}', name, core.exportRole, until) });
  if (!how) return;
  if (how.mode === 'file') {
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(join(homedir(), `${name}.kubeconfig`)),
      saveLabel: vscode.l10n.t('Export'),
    });
    if (!uri) return;
    const grant = await core.exportKubeconfig(seed, name, uri.fsPath);
    services.logger.log('info', `exportKubeconfig: wrote a kubeconfig of ${id} for ${grant.subject} to ${uri.fsPath} (0600); ClusterRoleBinding ${grant.binding}, expires ${grant.expiresAt}`);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Kubeconfig of "{0}" saved to {1}. It grants {2} until {3}; withdraw it with: kubectl delete clusterrolebinding {4}', name, uri.fsPath, grant.role, grant.expiresAt.slice(0, 10), grant.binding),
    );
    return;
  }
  const result = await core.mergeExportedKubeconfig(seed, name);
  services.logger.log('info', `exportKubeconfig: merged ${id} into ${result.file} as context ${result.context} for ${result.grant.subject}; ClusterRoleBinding ${result.grant.binding}, expires ${result.grant.expiresAt}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Context "{0}" added to {1}. It grants {2} until {3}; withdraw it with: kubectl --context {0} delete clusterrolebinding {4}',
      result.context,
      result.file,
      result.grant.role,
      result.grant.expiresAt.slice(0, 10),
      result.grant.binding,
    ),
  );
}
