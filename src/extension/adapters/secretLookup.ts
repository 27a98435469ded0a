// Where an answer to a secret question comes from: a wizard's answer for this
// run, then the OS keychain, then the person. A question marked `rejected`
// (the last answer was refused) skips both stores and forgets what they held,
// so a wrong remembered password is never offered again. No `vscode` import:
// unit-tested in plain Node.
import type { Logger, SecretQuestion, SecretStore } from '../../core/ports';

export const secretKey = (q: Pick<SecretQuestion, 'kind' | 'target'>): string => `edgeplane.ssh.${q.kind}.${q.target}`;

export interface SecretSources {
  secrets: SecretStore;
  /** Secrets already given in a wizard for this run, by secretKey(). */
  given?: Map<string, string>;
  /** Asks the person; resolves undefined when they decline. */
  ask(q: SecretQuestion): Promise<string | undefined>;
  logger?: Logger;
}

export async function lookupSecret(q: SecretQuestion, s: SecretSources): Promise<string | undefined> {
  const key = secretKey(q);
  if (q.rejected) {
    s.given?.delete(key);
    if ((await s.secrets.get(key)) !== undefined) {
      await s.secrets.delete(key);
      s.logger?.log('info', `ssh: the remembered ${q.kind} password for ${q.target} was rejected and is forgotten`);
    }
    return s.ask(q);
  }
  const given = s.given?.get(key);
  if (given !== undefined) return given;
  const stored = await s.secrets.get(key);
  if (stored !== undefined) return stored;
  return s.ask(q);
}
