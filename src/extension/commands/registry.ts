// The one table that binds command ids to their handlers. A test checks it
// against package.json, so a declared command can never be left unregistered.
import type * as vscode from 'vscode';
import type { CommandId } from '../constants';
import type { Services } from '../services';

export type CommandHandler = (services: Services, ...args: unknown[]) => unknown;

export interface CommandEntry {
  id: CommandId;
  /** Loaded when the command first runs, so activation stays light. */
  load: () => Promise<CommandHandler>;
}

export function registerCommands(
  vscodeApi: typeof vscode,
  services: Services,
  table: readonly CommandEntry[],
): vscode.Disposable[] {
  return table.map((entry) =>
    vscodeApi.commands.registerCommand(entry.id, async (...args: unknown[]) => {
      const handler = await entry.load();
      return services.runReported(entry.id, () => handler(services, ...args));
    }),
  );
}
