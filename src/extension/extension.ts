// The composition root: the one place that builds services and wires them.
import * as vscode from 'vscode';
import { registerCommands } from './commands/registry';
import { commandTable } from './commands/table';
import { Services } from './services';

let services: Services | undefined;

export function activate(context: vscode.ExtensionContext): void {
  services = new Services(context);
  context.subscriptions.push(services, ...registerCommands(vscode, services, commandTable));
  const seeds = services.config().get<unknown[]>('seeds') ?? [];
  void services.setHasSeeds(seeds.length > 0);
}

export function deactivate(): void {
  services?.dispose();
  services = undefined;
}
