// ssh2 authHandler that tries, in order: ssh-agent, each identity file
// (asking for a passphrase when a key is encrypted), password, then
// keyboard-interactive, recording what it tried for the error message.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { utils, type AnyAuthMethod, type AuthenticationType, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2';
import type { Prompter } from '../ports';
import { registerSecret } from '../redact';
import { describeTarget, type SshTarget } from './sshConfig';

export interface AuthOptions {
  prompter: Prompter;
  /** A password known in advance (e.g. from SecretStore or an inventory reference). */
  password?: string;
  /** ssh-agent socket; defaults to $SSH_AUTH_SOCK. Empty string disables the agent. */
  agentSocket?: string;
  /** Ask the person for a password when the server offers it and none was given (default true). */
  askPassword?: boolean;
  home?: string;
  /** The handshake timeout, paused while a key is decrypted (local work, seconds for a bcrypt key in pure JS). */
  timeout?: { pause(): void; resume(): void };
}

const defaultKeys = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export interface AuthState {
  handler: AuthHandlerMiddleware;
  tried: string[];
  /** The password that worked or was given, for sudo on the same device. */
  password(): string | undefined;
}

function keyFiles(target: SshTarget, home: string): string[] {
  if (target.identityFiles.length > 0) return target.identityFiles;
  return defaultKeys.map((k) => join(home, '.ssh', k)).filter((f) => existsSync(f));
}

async function loadKey(file: string, prompter: Prompter, timeout: AuthOptions['timeout']): Promise<ParsedKey | undefined> {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  let parsed = utils.parseKey(data);
  if (parsed instanceof Error && /passphrase|encrypted/i.test(parsed.message)) {
    timeout?.pause();
    try {
      const pass = await prompter.askSecret({ kind: 'passphrase', target: file, prompt: `Passphrase for the SSH key ${file}` });
      if (pass === undefined) return undefined;
      registerSecret(pass);
      parsed = utils.parseKey(data, pass);
    } finally {
      timeout?.resume();
    }
  }
  if (parsed instanceof Error) return undefined;
  return Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
}

export function createAuth(target: SshTarget, opts: AuthOptions): AuthState {
  const home = opts.home ?? homedir();
  const tried: string[] = [];
  let password = opts.password;
  if (password) registerSecret(password);
  const agent = opts.agentSocket ?? process.env.SSH_AUTH_SOCK ?? '';
  const queue: Array<() => Promise<AnyAuthMethod | undefined>> = [];
  const username = target.user;
  const label = describeTarget(target);
  if (agent && !target.identitiesOnly) {
    queue.push(async () => ({ type: 'agent', username, agent }));
  }
  for (const f of keyFiles(target, home)) {
    queue.push(async () => {
      const key = await loadKey(f, opts.prompter, opts.timeout);
      return key ? { type: 'publickey', username, key } : undefined;
    });
  }
  let serverMethods: AuthenticationType[] | null = null;
  let fromPrompter = false;
  const getPassword = async (rejected = false): Promise<string | undefined> => {
    if ((password === undefined || rejected) && opts.askPassword !== false) {
      password = await opts.prompter.askSecret({
        kind: 'password',
        target: label,
        prompt: rejected ? `${label} rejected the password; enter it again` : `Password for ${label}`,
        ...(rejected ? { rejected } : {}),
      });
      fromPrompter = true;
      registerSecret(password);
    }
    return password;
  };
  queue.push(async () => {
    if (serverMethods && !serverMethods.includes('password')) return undefined;
    const p = await getPassword();
    return p === undefined ? undefined : { type: 'password', username, password: p };
  });
  // Reached only when the password above was refused. One the prompter gave (typed,
  // or remembered and possibly wrong) is asked once more, marked rejected, so a wrong
  // remembered password is forgotten instead of failing every run.
  queue.push(async () => {
    if (!fromPrompter || (serverMethods && !serverMethods.includes('password'))) return undefined;
    const p = await getPassword(true);
    return p === undefined ? undefined : { type: 'password', username, password: p };
  });
  let kbdUsed = false;
  queue.push(async () => {
    if (serverMethods && !serverMethods.includes('keyboard-interactive')) return undefined;
    kbdUsed = true;
    return {
      type: 'keyboard-interactive',
      username,
      prompt: (_name, _instr, _lang, prompts, finish) => {
        void (async () => {
          const answers: string[] = [];
          for (const p of prompts) {
            // One hidden prompt is the password prompt in practice (PAM).
            if (!p.echo && prompts.length === 1) {
              answers.push((await getPassword()) ?? '');
            } else {
              const a = await opts.prompter.askSecret({ kind: 'keyboard-interactive', target: label, prompt: p.prompt.trim() });
              registerSecret(a);
              answers.push(a ?? '');
            }
          }
          finish(answers);
        })();
      },
    };
  });
  const handler: AuthHandlerMiddleware = (methodsLeft, _partial, next) => {
    if (methodsLeft) serverMethods = methodsLeft;
    void (async () => {
      while (queue.length > 0) {
        const method = await queue.shift()!();
        if (!method) continue;
        if (serverMethods && !serverMethods.includes(method.type === 'agent' ? 'publickey' : method.type)) continue;
        tried.push(method.type === 'publickey' ? 'publickey (key file)' : method.type === 'agent' ? 'publickey (ssh-agent)' : method.type);
        next(method);
        return;
      }
      next(false as unknown as AuthenticationType);
    })().catch(() => next(false as unknown as AuthenticationType));
  };
  return { handler, tried, password: () => (kbdUsed || password !== undefined ? password : undefined) };
}
