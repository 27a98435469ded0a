// The SSH part of device wizards: target (a ~/.ssh/config Host or an address), user, port,
// authentication; accepting the last step connects once, so an unknown host key is shown
// in its modal and an unreachable host or refused login stays on that step.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SshTarget } from '../../core/ssh/sshConfig';
import { secretKey } from '../adapters/prompter';
import type { Services } from '../services';
import { connectOptions, resolveOptions } from '../settings/sshSettings';
import type { Step } from './multiStep';
import { hostChoices, hostOf, type KnownNode } from './hostChoices';
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
    const items = configHostChoices(services, { includeNodes: false }).map((c) => ({ label: c.label, description: c.description }));
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
      prompt: vscode.l10n.t('SSH user on {0}', hostOf(s.device.destination ?? '')),
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
      // The destination may carry its own "user@": show the user once.
      placeholder: vscode.l10n.t('How to log in to {0}', `${s.device.user}@${hostOf(s.device.destination ?? '')}:${s.device.port}`),
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
      prompt: vscode.l10n.t('Password for {0} (kept in the OS keychain only if you tick "remember")', `${s.device.user}@${hostOf(s.device.destination ?? '')}`),
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

/** The fleet's nodes, for "already joined" and the terminal's host list. */
export function knownNodes(services: Services): KnownNode[] {
  const model = services.fleet.get();
  if (!model) return [];
  return model
    .seeds()
    .flatMap((seed) => model.controlPlanes(seed.id))
    .flatMap((cp) => model.nodes(cp.id).map((n) => ({ id: n.id, name: n.name, controlPlaneId: cp.id, internalIP: n.internalIP })));
}

/** Hosts of the SSH config, Include files followed (as when a name is typed), with the fleet's nodes. */
export function configHostChoices(services: Services, o: { includeNodes: boolean }): ReturnType<typeof hostChoices> {
  const core = services.loadCore();
  const opts = resolveOptions(services);
  let aliases: string[] = [];
  let resolver: InstanceType<typeof core.SshConfigResolver> | undefined;
  try {
    const text = core.readConfigText(opts.configFile);
    aliases = sshHostAliases(text);
    resolver = new core.SshConfigResolver(text, { defaultUser: opts.defaultUser });
  } catch (err) {
    // No or unreadable config: addresses still work; say why the list is short.
    services.logger.log('warn', `host list: ${core.describeError(err)}`);
  }
  const resolveHost = (a: string): string | undefined => {
    try {
      return resolver?.resolve(a).host;
    } catch {
      return undefined;
    }
  };
  return hostChoices(aliases, resolveHost, knownNodes(services), opts.configFile, vscode.l10n, o);
}
