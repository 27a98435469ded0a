// Reset Device: confirm, then remove the Node from its cluster, stop and remove what the
// bootstrap installed on the device, and delete its token.
import * as vscode from 'vscode';
import { progressAdapter, signalFrom } from '../adapters/progress';
import { controlPlaneParts } from '../../core/ids';
import type { Services } from '../services';
import { connectOptions } from '../settings/sshSettings';
import { chooseTarget, destinationLabel, deviceFrom } from './deviceTarget';
import { seedConfig } from './pick';

export async function resetDevice(services: Services, arg?: unknown): Promise<void> {
  const core = services.loadCore();
  const ref = deviceFrom(services, arg);
  if (!ref) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Choose a node or joining device in the Fleet view, then run Reset Device on it.'));
    return;
  }
  const { seed: seedId, controlPlane: cpName } = controlPlaneParts(ref.controlPlaneId);
  const seed = seedConfig(services, seedId);
  // The destination first, so the confirmation can show where the reset goes.
  const chosen = await chooseTarget(services, core.resolveTarget, ref);
  if (!chosen) return;
  const { target } = chosen;
  const from =
    chosen.source === 'remembered'
      ? vscode.l10n.t('the SSH target it was bootstrapped through')
      : chosen.source === 'confirmed'
        ? vscode.l10n.t('the address the cluster reports, as you confirmed it')
        : vscode.l10n.t('as you typed it');
  const yes = vscode.l10n.t('Reset Device');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Reset "{0}" and remove it from "{1}"?', ref.nodeName, cpName),
    {
      modal: true,
      detail: vscode.l10n.t(
        'SSH destination: {0} ({1}).\n\nEdgeplane first checks that the device there says it is "{2}" (its /etc/edgeplane/node.json); if not, it deletes nothing. Then the Node is deleted from the edge cluster, its workloads stop, and the kubelet and containerd that Edgeplane installed are stopped and removed from the device.',
        destinationLabel(target),
        from,
        ref.nodeName,
      ),
    },
    yes,
  );
  if (answer !== yes) return;
  let result: { nodeName: string; nodeDeleted: boolean; tokensDeleted: number } | undefined;
  services.logger.log('info', `resetDevice: ${ref.nodeName} (${destinationLabel(target)}, ${chosen.source}) from ${ref.controlPlaneId}`);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Resetting {0}', ref.nodeName), cancellable: true },
    async (progress, token) => {
      const cluster = await core.getAdminKubeConfig(seed, cpName);
      result = await core.resetDevice({
        target,
        cluster,
        nodeName: ref.nodeName,
        controlPlane: cpName,
        // The same SSH settings as every other session: keepalive included.
        ssh: connectOptions(services),
        logger: services.logger,
        progress: progressAdapter(progress),
        signal: signalFrom(token),
      });
    },
  );
  services.fleet.refresh(ref.controlPlaneId);
  services.logger.log('info', `resetDevice: ${result?.nodeName ?? ref.nodeName} reset (node deleted: ${result?.nodeDeleted}, tokens deleted: ${result?.tokensDeleted})`);
  void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" was reset.', ref.nodeName));
}
