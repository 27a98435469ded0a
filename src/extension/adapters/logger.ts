// Core's Logger on VS Code's log output channel.
import type * as vscode from 'vscode';
import type { Logger, LogLevel } from '../../core/ports';

/** `redact` is core's: it redacts at the source; again here since this is the last stop before disk. */
export function channelLogger(out: vscode.LogOutputChannel, redact: (message: string) => string): Logger {
  const byLevel: Record<LogLevel, (m: string) => void> = {
    debug: (m) => out.debug(m),
    info: (m) => out.info(m),
    warn: (m) => out.warn(m),
    error: (m) => out.error(m),
  };
  return { log: (level, message) => byLevel[level](redact(message)) };
}
