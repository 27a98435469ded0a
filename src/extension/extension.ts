// The composition root: the one place that builds services and wires them.
import * as vscode from 'vscode';
import { reportInterrupted } from './bootstrap/reportInterrupted';
import { registerCommands } from './commands/registry';
import { commandTable } from './commands/table';
import { internalCommands, views } from './constants';
import { Services } from './services';
import { ControlPlaneStatusBar } from './statusBar/statusBar';
import { FleetTreeProvider } from './tree/fleetTreeProvider';
import { registerWebviewPanels } from './webviews/panels';

let services: Services | undefined;

export function activate(context: vscode.ExtensionContext): void {
  services = new Services(context);
  const s = services;
  context.subscriptions.push(s, ...registerCommands(vscode, s, commandTable));
  // Serializers must exist during activation for panels to come back after a reload.
  context.subscriptions.push(...registerWebviewPanels(s));
  void s.setHasSeeds(s.fleet.seeds().length > 0);

  // The tree asks for rows after activation returns; that is when core and the model load.
  const tree = s.track(new FleetTreeProvider(s.fleet, s));
  s.track(vscode.window.createTreeView(views.fleet, { treeDataProvider: tree, showCollapseAll: true }));
  s.track(vscode.commands.registerCommand(internalCommands.showMore, (parentId: string) => tree.showMore(parentId)));

  const statusBar = s.track(new ControlPlaneStatusBar(s.fleet, s));
  s.statusBar = statusBar;
  // First paint after activation, so a window with seeds does not load core inside activate().
  setTimeout(() => statusBar.render(), 0);
  // A bootstrap cut short by a window reload is said, not silently forgotten.
  void reportInterrupted(s);
}

export function deactivate(): void {
  services?.dispose();
  services = undefined;
}
