// Select Control Plane: which one the status bar watches (kept per workspace and as the global default).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickControlPlane } from './pick';
import { controlPlaneIdFrom } from './targets';

export async function selectControlPlane(services: Services, arg?: unknown): Promise<void> {
  const id = controlPlaneIdFrom(arg) ?? (await pickControlPlane(services, vscode.l10n.t('Choose the control plane the status bar shows')))?.id;
  if (!id) return;
  await services.statusBar.select(id);
  services.logger.log('info', `selectControlPlane: ${id}`);
}
