// The composition root: the one place that builds services and wires them, each once,
// in order, each given only what it uses. Everything built is disposed with the extension.
import * as vscode from 'vscode';
import { channelLogger } from './adapters/logger';
import { reportInterrupted } from './bootstrapRuns/reportInterrupted';
import { registerCommands } from './commands/registry';
import { commandTable } from './commands/table';
import { contextKeys, internalCommands, outputChannelName, views } from './constants';
import { coreLoader } from './coreLoader';
import { FleetHost } from './fleetHost/fleetHost';
import { readConfig, type Services } from './services';
import { ControlPlaneStatusBar } from './statusBar/statusBar';
import { FleetTreeProvider } from './tree/fleetTreeProvider';
import { WebviewPanels } from './webviews/panels';

export function activate(context: vscode.ExtensionContext): void {
  const own = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const loadCore = coreLoader(__dirname);
  const output = own(vscode.window.createOutputChannel(outputChannelName, { log: true }));
  const logger = channelLogger(output, (m) => loadCore().redact(m));
  const config = readConfig;
  const setHasSeeds = (value: boolean): void => void vscode.commands.executeCommand('setContext', contextKeys.hasSeeds, value);

  const fleet = own(new FleetHost({ logger, loadCore, config, storageDir: context.globalStorageUri.fsPath, setHasSeeds }));
  // Serializers must exist during activation for panels to come back after a reload.
  const panels = own(new WebviewPanels({ fleet, extensionUri: context.extensionUri, logger, config }));
  context.subscriptions.push(...panels.registerSerializers());
  const statusBar = own(new ControlPlaneStatusBar(fleet, context));
  // The tree asks for rows after activation returns; that is when core and the model load.
  const tree = own(new FleetTreeProvider(fleet, { logger, loadCore, config }));
  own(vscode.window.createTreeView(views.fleet, { treeDataProvider: tree, showCollapseAll: true }));
  own(vscode.commands.registerCommand(internalCommands.showMore, (parentId: string) => tree.showMore(parentId)));

  const services: Services = { context, logger, loadCore, config, fleet, statusBar, panels };
  context.subscriptions.push(...registerCommands(vscode, services, commandTable));
  setHasSeeds(fleet.seeds().length > 0);
  // First paint after activation, so a window with seeds does not load core inside activate().
  setTimeout(() => statusBar.render(), 0);
  // A bootstrap cut short by a window reload is said, not silently forgotten.
  void reportInterrupted(services);
}

export function deactivate(): void {
  // Everything activate() built is in context.subscriptions: VS Code disposes it.
}
