// The status bar item for the selected control plane; repainted on that control plane's events only.
import { isWithin } from '../../core/ids';
import * as vscode from 'vscode';
import type { FleetEvent } from '../../core/fleet/types';
import { stateKeys } from '../constants';
import type { FleetHost } from '../fleetHost/fleetHost';
import { statusFor } from './statusText';

export class ControlPlaneStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('edgeplane.controlPlane', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(
    private readonly host: FleetHost,
    private readonly context: vscode.ExtensionContext,
  ) {
    this.item.name = vscode.l10n.t('Edgeplane Control Plane');
    this.disposables.push(host.onEvent((e) => this.onEvent(e)));
    this.render();
  }

  selected(): string | undefined {
    return this.context.workspaceState.get<string>(stateKeys.selectedControlPlane) ??
      this.context.globalState.get<string>(stateKeys.selectedControlPlane);
  }

  async select(controlPlaneId: string): Promise<void> {
    // Per workspace first; global as the default for new windows.
    await this.context.workspaceState.update(stateKeys.selectedControlPlane, controlPlaneId);
    await this.context.globalState.update(stateKeys.selectedControlPlane, controlPlaneId);
    this.render();
  }

  render(): void {
    if (this.host.seeds().length === 0) {
      this.item.hide();
      return;
    }
    const id = this.selected();
    // Only a selection makes us start the model; an idle window stays light.
    const cp = id ? this.host.get()?.controlPlane(id) : undefined;
    const s = statusFor(id, cp, vscode.l10n);
    this.item.text = s.text;
    this.item.tooltip = new vscode.MarkdownString(s.tooltip);
    this.item.accessibilityInformation = { label: s.ariaLabel };
    this.item.command = s.command === 'edgeplane.showConnectivity' && id ? { command: s.command, title: s.ariaLabel, arguments: [id] } : s.command;
    this.item.backgroundColor =
      s.background === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : s.background === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
  }

  private onEvent(e: FleetEvent): void {
    if (e.kind === 'seeds') return this.render();
    const id = this.selected();
    if (!id) return;
    const relevant =
      (e.kind === 'controlPlane' && e.controlPlaneId === id) ||
      (e.kind === 'connection' && e.clusterId === id) ||
      (e.kind === 'controlPlanes' && isWithin(id, e.seedId)) ||
      (e.kind === 'nodes' && e.controlPlaneId === id);
    if (relevant) this.render();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
