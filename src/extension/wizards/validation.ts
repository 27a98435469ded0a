// Wizard checks that need no cluster: pure, unit-tested.
import type { L10n } from '../tree/l10nTypes';

export function validateSeedName(name: string, existing: readonly string[], l10n: L10n): string | undefined {
  const n = name.trim();
  if (!n) return l10n.t('Give the seed a name.');
  if (n.includes('/')) return l10n.t('A seed name cannot contain "/".');
  if (n.length > 63) return l10n.t('Use at most 63 characters.');
  if (existing.includes(n)) return l10n.t('A seed named "{0}" exists already; choose another name.', n);
  return undefined;
}

export function validatePort(value: string, l10n: L10n): string | undefined {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 65535) return l10n.t('Give a port between 1 and 65535.');
  return undefined;
}

export function validateSshUser(value: string, l10n: L10n): string | undefined {
  if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(value.trim())) return l10n.t('Give a user name such as "edge" or "root".');
  return undefined;
}

/** "host", "user@host", "host:port", "[v6]:port": the forms the target step accepts. */
export function validateSshDestination(value: string, l10n: L10n): string | undefined {
  const v = value.trim();
  if (!v) return l10n.t('Give a ~/.ssh/config Host or an address.');
  if (/\s/.test(v)) return l10n.t('An address has no spaces.');
  if (!/^([^@\s]+@)?(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:\d{1,5})?$/i.test(v)) {
    return l10n.t('"{0}" is not a host, user@host or host:port.', v);
  }
  return undefined;
}

/** Host aliases from ssh config text, without patterns: what the target step offers. */
export function sshHostAliases(configText: string): string[] {
  const out = new Set<string>();
  for (const line of configText.split(/\r?\n/)) {
    const m = /^\s*Host\s+(.+?)\s*$/i.exec(line);
    if (!m?.[1]) continue;
    for (const name of m[1].split(/\s+/)) {
      if (name && !/[*?!]/.test(name)) out.add(name.replace(/^"|"$/g, ''));
    }
  }
  return [...out].sort();
}

/** The typed confirmation of a destructive command must repeat the name exactly. */
export function validateTypedName(value: string, expected: string, l10n: L10n): string | undefined {
  return value === expected ? undefined : l10n.t('Type "{0}" to confirm.', expected);
}

/** "What failed. What to do." -> ["What failed.", "What to do."] */
export function splitSentence(text: string): [string, string | undefined] {
  const m = /^(.+?[.!?])\s+(.+)$/s.exec(text);
  return m?.[1] && m[2] ? [m[1], m[2]] : [text, undefined];
}
