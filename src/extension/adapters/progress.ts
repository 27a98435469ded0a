// core Progress -> a VS Code progress notification, with each step also in the log.
import type * as vscode from 'vscode';
import type { Logger, Progress } from '../../core/ports';

/** `logger` only for core calls that do not log their own progress messages. */
export function progressAdapter(progress: vscode.Progress<{ message?: string; increment?: number }>, logger?: Logger, tag = ''): Progress {
  return {
    report: (update) => {
      logger?.log('info', `${tag}: ${update.message}`);
      progress.report({ message: update.message, increment: update.increment });
    },
  };
}

/** An AbortSignal that follows a VS Code cancellation token (core takes signals). */
export function signalFrom(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
