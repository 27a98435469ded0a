// Open SSH Terminal: a terminal on a device through the verified SSH session (jump hosts too).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { connectOptions } from '../ssh/sshOptions';
import { SshPty } from '../terminal/sshPty';
import { deviceFrom, targetFor } from './deviceTarget';

export async function openSshTerminal(services: Services, arg?: unknown): Promise<void> {
  const core = services.loadCore();
  const ref = deviceFrom(services, arg);
  // A destination the cluster reports (a Node's InternalIP) is proposed, never used silently.
  const target = await targetFor(services, core.resolveTarget, ref);
  if (!target) return;
  const label = `${target.user}@${target.host}${target.port === 22 ? '' : `:${target.port}`}`;
  services.logger.log('info', `openSshTerminal: ${label}${target.jumps.length ? ` via ${target.jumps.map((j) => j.host).join(' -> ')}` : ''}`);
  const pty = new SshPty(label, () => core.connect(target, connectOptions(services)), (e) => core.describeError(e));
  const terminal = vscode.window.createTerminal({ name: ref?.nodeName ?? target.name, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
}
