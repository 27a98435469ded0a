// On activation: say which bootstraps a window reload cut short, with the command that finishes them.
import * as vscode from 'vscode';
import { commands } from '../constants';
import type { Services } from '../services';
import { interruptedMessage, takeInterrupted, trackBootstrap, type InFlight } from './inFlight';

export async function reportInterrupted(services: Services): Promise<void> {
  const found = await takeInterrupted(services.context.workspaceState, vscode.env.sessionId);
  for (const e of found) {
    const text = interruptedMessage(e, vscode.l10n);
    services.logger.log('warn', text);
    const again = e.kind === 'device' ? vscode.l10n.t('Bootstrap Device') : vscode.l10n.t('Bootstrap Devices from Inventory');
    void vscode.window.showWarningMessage(text, again).then((pick) => {
      if (pick === again) void vscode.commands.executeCommand(e.kind === 'device' ? commands.bootstrapDevice : commands.bootstrapInventory, e.controlPlaneId);
    });
  }
}

type VsProgress = vscode.Progress<{ message?: string; increment?: number }>;

/** withProgress's body, recorded as in flight; its progress messages become the recorded step. */
export function trackedProgress<T>(
  services: Services,
  what: Pick<InFlight, 'what' | 'controlPlaneId' | 'kind'>,
  body: (progress: VsProgress) => Promise<T>,
): (progress: VsProgress) => Promise<T> {
  return (progress) =>
    trackBootstrap(
      services.context.workspaceState,
      { ...what, id: `${Date.now()}-${Math.random().toString(36).slice(2)}`, session: vscode.env.sessionId, startedAt: Date.now() },
      (step) =>
        body({
          report: (u) => {
            if (u.message) step(u.message);
            progress.report(u);
          },
        }),
    );
}
