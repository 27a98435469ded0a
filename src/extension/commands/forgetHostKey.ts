// Forget Host Key: removes Edgeplane's pinned host key for a device (after it was
// reinstalled), after showing the pinned fingerprint beside the one the device
// presents now. It never edits the user's known_hosts, and says so when the host
// is listed there too.
import * as vscode from 'vscode';
import type { SshTarget } from '../../core/ssh/sshConfig';
import type { Services } from '../services';
import { connectOptions, resolveOptions } from '../settings/sshSettings';
import { deviceFrom, targetFor } from './deviceTarget';

/** "host" or "[host]:port" (how pins and known_hosts name a host) -> host and port. */
export function parseHostName(name: string): { host: string; port: number } {
  const m = /^\[(.+)\]:(\d+)$/.exec(name);
  return m ? { host: m[1] as string, port: Number(m[2]) } : { host: name, port: 22 };
}

async function pickPinnedHost(services: Services): Promise<SshTarget | undefined> {
  const core = services.loadCore();
  const { state } = connectOptions(services);
  const names = core.pinnedHostNames(state);
  if (names.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Edgeplane has no pinned host keys. Keys in your known_hosts file are yours to edit (ssh-keygen -R HOST).'));
    return undefined;
  }
  const items = names.map((name) => {
    const { host, port } = parseHostName(name);
    const keys = core.pinnedKeysFor(state, host, port);
    return { label: name, description: keys.map((k) => `${k.keyType} ${core.fingerprintOf(Buffer.from(k.key, 'base64'))}`).join(', '), host, port };
  });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Forget Host Key'), placeHolder: vscode.l10n.t('The host whose pinned key Edgeplane should forget'), ignoreFocusOut: true });
  if (!picked) return undefined;
  const t = core.resolveTarget(picked.port === 22 ? picked.host : `${picked.host}:${picked.port}`, resolveOptions(services));
  return { ...t, host: picked.host, port: picked.port };
}

export async function forgetHostKey(services: Services, arg?: unknown): Promise<void> {
  const core = services.loadCore();
  const ref = deviceFrom(services, arg);
  const target = ref ? await targetFor(services, core.resolveTarget, ref) : await pickPinnedHost(services);
  if (!target) return;
  const ssh = connectOptions(services);
  const name = core.knownHostsName(target.host, target.port);
  const known = await core.knownHostKeys({ knownHostsFiles: [...(ssh.knownHostsFiles ?? []), ...target.knownHostsFiles], state: ssh.state }, target.host, target.port);
  const lines = known.knownHosts.map((e) => `${e.file}:${e.line}`).join(', ');
  if (known.pinned.length === 0) {
    void vscode.window.showInformationMessage(
      known.knownHosts.length > 0
        ? vscode.l10n.t('Edgeplane has no pinned key for {0}. Your known_hosts lists it ({1}); Edgeplane never edits that file: remove the entry with ssh-keygen -R "{0}" if the device was reinstalled.', name, lines)
        : vscode.l10n.t('Edgeplane has no pinned key for {0}, and your known_hosts has none either: the next connection asks you to trust the key it presents.', name),
    );
    return;
  }
  // The key it presents now: a handshake that refuses the key as soon as it is seen (no login, nothing run).
  const presented = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the host key {0} presents now', name) },
    () =>
      core.probeHostKey(target, { ...ssh, readyTimeoutMs: Math.min(ssh.readyTimeoutMs ?? 15000, 10000) }).then(
        (k) => `${k.keyType} ${k.fingerprint}`,
        (e: unknown) => vscode.l10n.t('unknown ({0})', core.describeError(e)),
      ),
  );
  const pinned = known.pinned.map((k) => `${k.keyType} ${core.fingerprintOf(Buffer.from(k.key, 'base64'))} (${vscode.l10n.t('pinned {0}', k.pinnedAt.slice(0, 10))})`).join('\n');
  const forget = vscode.l10n.t('Forget Host Key');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Forget the host key Edgeplane pinned for {0}?', name),
    {
      modal: true,
      detail:
        vscode.l10n.t('Old (pinned by Edgeplane):\n{0}\n\nNew (presented now):\n{1}\n\nForget it only if the device was reinstalled: compare the new fingerprint with the device\'s own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on it). The next connection asks you to trust the key it presents.', pinned, presented) +
        (known.knownHosts.length > 0 ? `\n\n${vscode.l10n.t('Your known_hosts also lists {0} ({1}); Edgeplane does not edit that file.', name, lines)}` : ''),
    },
    forget,
  );
  if (answer !== forget) return;
  const removed = await core.unpinHostKey(ssh.state, target.host, target.port);
  services.logger.log('info', `forgetHostKey: forgot ${removed.length} pinned key(s) of ${name}; new key ${presented}`);
  void vscode.window.showInformationMessage(
    known.knownHosts.length > 0
      ? vscode.l10n.t('Edgeplane forgot its pinned key for {0}. Your known_hosts still lists it ({1}): Edgeplane removed only its own pin; run ssh-keygen -R "{0}" if that key changed too.', name, lines)
      : vscode.l10n.t('Edgeplane forgot its pinned key for {0}. The next connection asks you to trust the key it presents.', name),
  );
}
