// The SSH part of device wizards: target (a ~/.ssh/config Host or an address), user, port,
// authentication; accepting the last step connects once, so an unknown host key is shown
// in its modal and an unreachable host or refused login stays on that step.
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SshTarget } from '../../core/ssh/sshConfig';
import { secretKey } from '../adapters/prompter';
import type { Services } from '../services';
import { connectOptions, resolveOptions } from '../ssh/sshOptions';
import type { Step } from './multiStep';
import { sshHostAliases, validatePort, validateSshDestination, validateSshUser } from './validation';

export interface DeviceState {
  destination?: string;
  user?: string;
  port?: number;
  auth?: 'auto' | 'key' | 'password';
  keyFile?: string;
  password?: string;
  rememberPassword?: boolean;
  /** Filled by the last step once a connection succeeded. */
  target?: SshTarget;
}

/** Steps for target, user, port and authentication; `then` runs after a successful connection test. */
export function deviceSteps<S extends { device: DeviceState }>(services: Services, commandTitle: string, then?: Step<S>): Step<S> {
  const core = services.loadCore();
  const { resolveTarget, connect } = core;
  const opts = resolveOptions(services);
  const resolved = (s: DeviceState): SshTarget => {
    const t = resolveTarget(s.destination ?? '', opts);
    const out: SshTarget = { ...t, user: s.user ?? t.user, port: s.port ?? t.port };
    if (s.auth === 'key' && s.keyFile) {
      out.identityFiles = [s.keyFile];
      out.identitiesOnly = true;
    }
    return out;
  };

  const targetStep: Step<S> = async (w, s) => {
    let aliases: string[];
    try {
      aliases = sshHostAliases(readFileSync(opts.configFile, 'utf8'));
    } catch {
      aliases = []; // no or unreadable config: addresses still work
    }
    const items: vscode.QuickPickItem[] = aliases.map((a) => ({ label: a, description: vscode.l10n.t('from {0}', opts.configFile) }));
    const picked = await w.pick({
      items,
      placeholder: vscode.l10n.t('A Host from your SSH config, or type an address (user@host:port)'),
      freeText: (v) => (v.trim() ? { label: v.trim(), description: vscode.l10n.t('address') } : undefined),
      accept: async (item) => validateSshDestination(item.label, vscode.l10n),
    });
    s.device.destination = picked.label;
    const t = resolveTarget(picked.label, opts);
    s.device.user ??= t.user;
    s.device.port ??= t.port;
    return userStep;
  };
  const userStep: Step<S> = async (w, s) => {
    s.device.user = await w.input({
      value: s.device.user,
      prompt: vscode.l10n.t('SSH user on {0}', s.device.destination ?? ''),
      validate: (v) => validateSshUser(v, vscode.l10n),
    });
    return portStep;
  };
  const portStep: Step<S> = async (w, s) => {
    s.device.port = Number(
      await w.input({ value: String(s.device.port ?? 22), prompt: vscode.l10n.t('SSH port'), validate: (v) => validatePort(v, vscode.l10n) }),
    );
    return authStep;
  };
  const test = async (s: S): Promise<string | undefined> => {
    const target = resolved(s.device);
    services.logger.log('info', `${commandTitle}: connecting to ${target.user}@${target.host}:${target.port}`);
    try {
      const conn = await connect(target, connectOptions(services, s.device.password ? { password: s.device.password } : {}));
      conn.close();
    } catch (err) {
      services.logger.log('warn', `${commandTitle}: ${core.describeError(err)}`);
      return core.describeError(err);
    }
    s.device.target = target;
    if (s.device.password && s.device.rememberPassword) {
      await services.context.secrets.store(secretKey({ kind: 'password', target: label(target) }), s.device.password);
    }
    return undefined;
  };
  const authStep: Step<S> = async (w, s) => {
    const items = [
      { label: vscode.l10n.t('Automatic'), description: vscode.l10n.t('ssh-agent, then the key files your SSH config names'), mode: 'auto' as const },
      { label: vscode.l10n.t('Key file…'), description: s.device.keyFile, mode: 'key' as const },
      { label: vscode.l10n.t('Password'), mode: 'password' as const },
    ];
    const picked = await w.pick({
      items,
      active: items.find((i) => i.mode === s.device.auth),
      placeholder: vscode.l10n.t('How to log in to {0}', `${s.device.user}@${s.device.destination}:${s.device.port}`),
      accept: async (item) => {
        s.device.auth = item.mode;
        s.device.password = undefined;
        if (item.mode === 'password') return undefined; // asked on the next step
        if (item.mode === 'key') {
          const uri = (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Use this key') }))?.[0];
          if (!uri) return vscode.l10n.t('No key file chosen.');
          if (!existsSync(uri.fsPath)) return vscode.l10n.t('{0} does not exist.', uri.fsPath);
          s.device.keyFile = uri.fsPath;
        }
        return test(s);
      },
    });
    return picked.mode === 'password' ? passwordStep : then;
  };
  const passwordStep: Step<S> = async (w, s) => {
    const remember = (on: boolean): vscode.QuickInputButton => ({
      iconPath: new vscode.ThemeIcon(on ? 'pass-filled' : 'circle-large-outline'),
      tooltip: on ? vscode.l10n.t('Will be remembered in the OS keychain (click to forget)') : vscode.l10n.t('Remember in the OS keychain'),
    });
    await w.input({
      password: true,
      prompt: vscode.l10n.t('Password for {0} (kept in the OS keychain only if you tick "remember")', `${s.device.user}@${s.device.destination}`),
      buttons: [remember(s.device.rememberPassword ?? false)],
      onButton: (_b, box) => {
        s.device.rememberPassword = !s.device.rememberPassword;
        box.buttons = [vscode.QuickInputButtons.Back, remember(s.device.rememberPassword)];
      },
      validate: (v) => (v ? undefined : vscode.l10n.t('Give the password.')),
      accept: async (v) => {
        s.device.password = v;
        core.registerSecret(v);
        return test(s);
      },
    });
    return then;
  };
  return targetStep;
}

function label(t: SshTarget): string {
  return `${t.user}@${t.host}${t.port === 22 ? '' : `:${t.port}`}`;
}
