// core Prompter -> a modal for unknown host keys (must be accepted explicitly) and
// password input boxes. A secret is kept in SecretStorage only when the person ticks "remember".
import * as vscode from 'vscode';
import type { HostKeyQuestion, Logger, Prompter, SecretQuestion, SecretStore } from '../../core/ports';
import { lookupSecret, secretKey } from './secretLookup';

export { secretKey };

export interface PrompterOptions {
  secrets: SecretStore;
  logger: Logger;
  /** Secrets already given in a wizard for this run, by secretKey(). */
  given?: Map<string, string>;
}

export function prompterAdapter(o: PrompterOptions): Prompter {
  return {
    async confirmHostKey(q: HostKeyQuestion): Promise<boolean> {
      const trust = vscode.l10n.t('Trust and Connect');
      const detail = vscode.l10n.t(
        'Host: {0}:{1}\nKey type: {2}\nFingerprint: {3}\n\nCompare the fingerprint with the one the device shows (ssh-keygen -lf /etc/ssh/ssh_host_{4}_key.pub). Edgeplane pins the key: a different key later is refused.',
        q.host,
        q.port,
        q.keyType,
        q.fingerprint,
        keyFileStem(q.keyType),
      );
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('The authenticity of host {0} cannot be established.', `${q.host}:${q.port}`),
        { modal: true, detail },
        trust,
      );
      const ok = answer === trust;
      o.logger.log('info', `ssh: host key ${q.keyType} ${q.fingerprint} for ${q.host}:${q.port} ${ok ? 'accepted' : 'declined'}`);
      return ok;
    },

    askSecret(q: SecretQuestion): Promise<string | undefined> {
      return lookupSecret(q, { secrets: o.secrets, given: o.given, logger: o.logger, ask: (question) => askSecretInteractively(question, o.secrets) });
    },
  };
}

function keyFileStem(keyType: string): string {
  if (keyType.includes('ed25519')) return 'ed25519';
  if (keyType.includes('ecdsa')) return 'ecdsa';
  return 'rsa';
}

function titleFor(q: SecretQuestion): string {
  switch (q.kind) {
    case 'password':
      return vscode.l10n.t('SSH password for {0}', q.target);
    case 'passphrase':
      return vscode.l10n.t('Passphrase for {0}', q.target);
    case 'sudo':
      return vscode.l10n.t('sudo password on {0}', q.target);
    default:
      return vscode.l10n.t('SSH login for {0}', q.target);
  }
}

/** A password InputBox with a "remember" toggle button; resolves undefined when dismissed. */
export function askSecretInteractively(q: SecretQuestion, secrets: SecretStore): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    let remember = false;
    const toggle = (): vscode.QuickInputButton => ({
      iconPath: new vscode.ThemeIcon(remember ? 'pass-filled' : 'circle-large-outline'),
      tooltip: remember
        ? vscode.l10n.t('Will be remembered in the OS keychain (click to forget)')
        : vscode.l10n.t('Remember in the OS keychain'),
    });
    box.title = titleFor(q);
    box.prompt = q.prompt;
    if (q.rejected) {
      box.validationMessage = { message: vscode.l10n.t('The last password was rejected (a remembered one is forgotten). Enter it again.'), severity: vscode.InputBoxValidationSeverity.Warning };
    }
    box.password = true;
    box.ignoreFocusOut = true;
    box.buttons = [toggle()];
    let done = false;
    box.onDidTriggerButton(() => {
      remember = !remember;
      box.buttons = [toggle()];
    });
    box.onDidAccept(async () => {
      done = true;
      const value = box.value;
      box.hide();
      if (remember && value) await secrets.set(secretKey(q), value);
      resolve(value);
    });
    box.onDidHide(() => {
      box.dispose();
      if (!done) resolve(undefined);
    });
    box.show();
  });
}
