// Reset Device: confirm, then remove the Node from its cluster, stop and remove what the
// bootstrap installed on the device, and delete its token.
import * as vscode from 'vscode';
import { progressAdapter, signalFrom } from '../adapters/progress';
import type { Services } from '../services';
import { connectOptions } from '../ssh/sshOptions';
import { deviceFrom, targetFor } from './deviceTarget';
import { seedConfig } from './targets';

export async function resetDevice(services: Services, arg?: unknown): Promise<void> {
  const core = services.loadCore();
  const ref = deviceFrom(services, arg);
  if (!ref) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Choose a node or joining device in the Fleet view, then run Reset Device on it.'));
    return;
  }
  const [seedId = '', cpName = ''] = ref.controlPlaneId.split('/');
  const seed = seedConfig(services, seedId);
  const yes = vscode.l10n.t('Reset Device');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Reset "{0}" and remove it from "{1}"?', ref.nodeName, cpName),
    {
      modal: true,
      detail: vscode.l10n.t('The Node is deleted from the edge cluster, its workloads stop, and the kubelet and containerd that Edgeplane installed are stopped and removed from the device.'),
    },
    yes,
  );
  if (answer !== yes) return;
  const target = await targetFor(services, core.resolveTarget, ref);
  if (!target) return;
  let result: { nodeName: string; nodeDeleted: boolean; tokensDeleted: number } | undefined;
  services.logger.log('info', `resetDevice: ${ref.nodeName} (${target.user}@${target.host}:${target.port}) from ${ref.controlPlaneId}`);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Resetting {0}', ref.nodeName), cancellable: true },
    async (progress, token) => {
      const cluster = await core.getAdminKubeConfig(seed, cpName);
      const ssh = connectOptions(services);
      result = await core.resetDevice({
        target,
        cluster,
        nodeName: ref.nodeName,
        prompter: ssh.prompter,
        state: ssh.state,
        logger: services.logger,
        progress: progressAdapter(progress),
        signal: signalFrom(token),
        knownHostsFiles: ssh.knownHostsFiles,
        connectTimeoutMs: ssh.readyTimeoutMs,
      });
    },
  );
  services.fleet.refresh(ref.controlPlaneId);
  services.logger.log('info', `resetDevice: ${result?.nodeName ?? ref.nodeName} reset (node deleted: ${result?.nodeDeleted}, tokens deleted: ${result?.tokensDeleted})`);
  void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" was reset.', ref.nodeName));
}
