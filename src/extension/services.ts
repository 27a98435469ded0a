// Services built once in activate() and handed to every command, tree and panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as CoreModule from '../core/index';
import type { Logger, LogLevel } from '../core/ports';
import { configSection, contextKeys, outputChannelName } from './constants';
import { FleetHost } from './fleet/fleetHost';

export type Core = typeof CoreModule;

export class Services implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  readonly logger: Logger;
  /** The live fleet model's owner; the model itself starts on first use. */
  readonly fleet: FleetHost;
  /** Set by activate(); Select Control Plane writes through it. */
  statusBar: { select(controlPlaneId: string): Promise<void>; selected(): string | undefined } | undefined;
  private core: Core | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel(outputChannelName, { log: true });
    this.disposables.push(this.output);
    const out = this.output;
    const byLevel: Record<LogLevel, (m: string) => void> = {
      debug: (m) => out.debug(m),
      info: (m) => out.info(m),
      warn: (m) => out.warn(m),
      error: (m) => out.error(m),
    };
    // Core redacts at the source; redact again here since this is the last stop before disk.
    this.logger = { log: (level, message) => byLevel[level](this.loadCore().redact(message)) };
    this.fleet = new FleetHost(this);
    this.disposables.push(this.fleet);
  }

  /** The heavy core bundle (Kubernetes client, SSH, PKI) is parsed on first use, not at activation. */
  loadCore(): Core {
    if (!this.core) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.core = require(path.join(__dirname, 'core.js')) as Core;
    }
    return this.core;
  }

  config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(configSection);
  }

  async setHasSeeds(value: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', contextKeys.hasSeeds, value);
  }

  track<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  /** Runs a command body; failures become a notification that says what to do, and a log line. */
  async runReported<T>(commandId: string, body: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await body();
    } catch (err) {
      const core = this.loadCore();
      if (err instanceof core.CancelledError) {
        this.logger.log('info', `${commandId}: cancelled`);
        return undefined;
      }
      const text = core.describeError(err);
      this.logger.log('error', `${commandId}: ${text}`);
      void vscode.window.showErrorMessage(text);
      return undefined;
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
