// Core capabilities that land in src/core/index.ts at different times. Commands reach
// them through `need()`, which says plainly when this build does not have one yet,
// instead of failing with "x is not a function".
import * as vscode from 'vscode';
import type { Services } from './services';

/** Looks up `name` on the loaded core bundle; undefined when this build lacks it. */
export function optional<T>(services: Services, name: string): T | undefined {
  const core = services.loadCore() as unknown as Record<string, unknown>;
  return core[name] as T | undefined;
}

export class NotAvailableError extends Error {}

/** The core function `name`, or an error naming the command that is not available yet. */
export function need<T>(services: Services, name: string, commandTitle: string): T {
  const value = optional<T>(services, name);
  if (value === undefined) {
    services.logger.log('warn', `${commandTitle}: core has no ${name} in this build`);
    throw new NotAvailableError(vscode.l10n.t('Edgeplane: "{0}" is not available in this build yet.', commandTitle));
  }
  return value;
}
