// Open SSH Terminal: a terminal on a device through the verified SSH session (jump hosts too).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { connectOptions, resolveOptions } from '../settings/sshSettings';
import { pickTerminalHost } from '../sshTerminal/pickHost';
import { SshPty } from '../sshTerminal/sshPty';
import { deviceFrom, targetFor } from './deviceTarget';

export async function openSshTerminal(services: Services, arg?: unknown): Promise<void> {
  const core = services.loadCore();
  let ref = deviceFrom(services, arg);
  let destination: string | undefined;
  if (!ref && arg === undefined) {
    // From the palette: offer the nodes and the SSH config's Hosts instead of an empty box.
    const choice = await pickTerminalHost(services);
    if (!choice) return;
    if (choice.nodeId) ref = deviceFrom(services, choice.nodeId);
    else destination = choice.destination;
  }
  // A destination the cluster reports (a Node's InternalIP) is proposed, never used silently.
  const target = destination ? core.resolveTarget(destination, resolveOptions(services)) : await targetFor(services, core.resolveTarget, ref);
  if (!target) return;
  const label = `${target.user}@${target.host}${target.port === 22 ? '' : `:${target.port}`}`;
  services.logger.log('info', `openSshTerminal: ${label}${target.jumps.length ? ` via ${target.jumps.map((j) => j.host).join(' -> ')}` : ''}`);
  const pty = new SshPty(
    label,
    () => core.connect(target, connectOptions(services)),
    (e) => core.describeError(e),
    (message) => {
      services.logger.log('error', `openSshTerminal: ${message}`);
      void vscode.window.showErrorMessage(message);
    },
  );
  const terminal = vscode.window.createTerminal({ name: ref?.nodeName ?? target.name, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
}
