// Delete Control Plane: a modal naming it, then the name typed for safety, then a
// cancellable progress notification. Removes everything the control plane held in its seed.
import * as vscode from 'vscode';
import { progressAdapter, signalFrom } from '../adapters/progress';
import type { Services } from '../services';
import { validateTypedName } from '../wizards/validation';
import { controlPlaneTarget, notDeleting } from './pick';

export async function deleteControlPlane(services: Services, arg?: unknown): Promise<void> {
  const title = vscode.l10n.t('Delete Control Plane');
  const target = await controlPlaneTarget(services, arg, vscode.l10n.t('Choose the control plane to delete'), notDeleting);
  if (!target) return;
  const { id, name, seed } = target;
  const nodes = services.fleet.get()?.controlPlane(id)?.nodeCount ?? 0;
  const del = vscode.l10n.t('Delete…');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete control plane "{0}" in seed "{1}"?', name, seed.name),
    {
      modal: true,
      detail: vscode.l10n.t(
        'This deletes its namespace {0} with etcd, all certificates and everything the edge cluster stored. {1} node(s) lose their control plane; they keep running their workloads, but nothing can change them. This cannot be undone.',
        `edgeplane-${name}`,
        nodes,
      ),
    },
    del,
  );
  if (answer !== del) return;
  const typed = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Type the name of the control plane, "{0}", to delete it', name),
    ignoreFocusOut: true,
    validateInput: (v) => validateTypedName(v, name, vscode.l10n),
  });
  if (typed !== name) return;
  services.logger.log('info', `deleteControlPlane: deleting ${id}`);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting control plane "{0}"', name), cancellable: true },
    async (progress, token) => {
      await services.loadCore().deleteControlPlane(seed, name, { logger: services.logger, progress: progressAdapter(progress), signal: signalFrom(token) });
    },
  );
  services.fleet.refresh(seed.name);
  services.logger.log('info', `deleteControlPlane: ${id} deleted`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Control plane "{0}" deleted.', name));
}
