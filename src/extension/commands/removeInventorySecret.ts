// Remove Inventory Secret: deletes one secret stored for inventories.
import * as vscode from 'vscode';
import { stateKeys } from '../constants';
import type { Services } from '../services';
import { inventorySecretNames } from './storeInventorySecret';

export async function removeInventorySecret(services: Services): Promise<void> {
  const core = services.loadCore();
  const names = inventorySecretNames(services);
  if (names.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No inventory secrets are stored. Add one with "Edgeplane: Store Inventory Secret".'));
    return;
  }
  const name = await vscode.window.showQuickPick(names, { title: vscode.l10n.t('Remove Inventory Secret'), placeHolder: vscode.l10n.t('Choose the inventory secret to remove') });
  if (!name) return;
  await services.context.secrets.delete(core.inventorySecretKey(name));
  await services.context.globalState.update(stateKeys.inventorySecretNames, names.filter((n) => n !== name));
  services.logger.log('info', `removeInventorySecret: removed inventory secret "${name}"`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Inventory secret "{0}" removed; inventories that name secret:{0} now fail until it is stored again.', name));
}
