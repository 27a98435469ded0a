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
      return runReported(vscodeApi, services, entry.id, () => handler(services, ...args));
    }),
  );
}

/** Runs a command body; failures become a notification that says what to do, and a log line. */
async function runReported<T>(vscodeApi: typeof vscode, services: Services, commandId: string, body: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (err) {
    const core = services.loadCore();
    if (err instanceof core.CancelledError) {
      services.logger.log('info', `${commandId}: cancelled`);
      return undefined;
    }
    const text = core.describeError(err);
    services.logger.log('error', `${commandId}: ${text}`);
    void vscodeApi.window.showErrorMessage(text);
    return undefined;
  }
}
