// Remove Seed: forgets a seed (settings only; nothing in the cluster changes). Confirms first.
import * as vscode from 'vscode';
import type { SeedConfig } from '../../core/seeds';
import type { Services } from '../services';
import { pickSeed } from './pick';
import { seedIdFrom } from './targets';

export async function removeSeed(services: Services, arg?: unknown): Promise<void> {
  const name = seedIdFrom(arg) ?? (await pickSeed(services, vscode.l10n.t('Choose the seed to remove')));
  if (!name) return;
  const remove = vscode.l10n.t('Remove Seed');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove the seed "{0}" from Edgeplane?', name),
    {
      modal: true,
      detail: vscode.l10n.t('Its control planes and devices keep running; Edgeplane only stops watching them. You can add the seed again later.'),
    },
    remove,
  );
  if (answer !== remove) return;
  const inspect = services.config().inspect<SeedConfig[]>('seeds');
  // Remove it wherever it is configured (user or workspace settings).
  const targets: Array<[SeedConfig[] | undefined, vscode.ConfigurationTarget]> = [
    [inspect?.globalValue, vscode.ConfigurationTarget.Global],
    [inspect?.workspaceValue, vscode.ConfigurationTarget.Workspace],
  ];
  for (const [list, target] of targets) {
    if (list?.some((s) => s.name === name)) {
      await services.config().update('seeds', list.filter((s) => s.name !== name), target);
    }
  }
  services.logger.log('info', `removeSeed: removed seed "${name}"`);
}
