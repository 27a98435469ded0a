// Store Inventory Secret: a password that inventories may name as "secret:NAME".
// It lives in VS Code's secret storage under the inventory namespace only, so an
// inventory can reach these and nothing else; the names (not the values) are
// kept in globalState so Remove Inventory Secret can list them.
import * as vscode from 'vscode';
import { stateKeys } from '../constants';
import type { Services } from '../services';

export function inventorySecretNames(services: Services): string[] {
  return services.context.globalState.get<string[]>(stateKeys.inventorySecretNames) ?? [];
}

export async function storeInventorySecret(services: Services): Promise<void> {
  const core = services.loadCore();
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Store Inventory Secret'),
    prompt: vscode.l10n.t('Name of the secret: inventories refer to it as "secret:NAME" (in ansible_ssh_pass, ansible_become_pass or the password columns)'),
    validateInput: (v) => (core.inventorySecretNameProblem(v) ? vscode.l10n.t('Use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.') : undefined),
    ignoreFocusOut: true,
  });
  if (name === undefined) return;
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Store Inventory Secret'),
    prompt: vscode.l10n.t('The password "secret:{0}" stands for. It is kept in VS Code\'s secret storage and never written to a file or a log.', name),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.length === 0 ? vscode.l10n.t('Give the password.') : undefined),
  });
  if (value === undefined) return;
  core.registerSecret(value);
  await services.context.secrets.store(core.inventorySecretKey(name), value);
  const names = new Set(inventorySecretNames(services));
  names.add(name);
  await services.context.globalState.update(stateKeys.inventorySecretNames, [...names].sort());
  services.logger.log('info', `storeInventorySecret: stored inventory secret "${name}"`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Inventory secret "{0}" stored. Refer to it as secret:{0} in an inventory.', name));
}
