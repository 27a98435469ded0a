// Host key policy: known_hosts first, then keys Edgeplane pinned earlier; an
// unknown key goes to a person, a changed or revoked key is refused outright.
import { readFile } from 'node:fs/promises';
import { UserFacingError } from '../errors';
import type { Prompter, StateStore } from '../ports';
import { checkKnownHosts, entryMatches, fingerprintOf, keyTypeOf, knownHostsName, parseKnownHosts, type KnownHostEntry } from './knownHosts';

export const pinnedHostKeysStateKey = 'edgeplane.ssh.pinnedHostKeys';

export interface PinnedHostKey {
  keyType: string;
  /** Base64 of the public key blob. */
  key: string;
  pinnedAt: string;
}

type PinnedMap = Record<string, PinnedHostKey[]>;

export interface HostKeyPolicy {
  knownHostsFiles: string[];
  state: StateStore;
  prompter: Prompter;
}

export async function loadKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  // The settings file is often also the config's UserKnownHostsFile: read each file once,
  // or every message about its entries says each thing twice.
  for (const f of new Set(files)) {
    try {
      all.push(...parseKnownHosts(await readFile(f, 'utf8'), f));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return all;
}

export function pinnedKeysFor(state: StateStore, host: string, port: number): PinnedHostKey[] {
  return state.get<PinnedMap>(pinnedHostKeysStateKey)?.[knownHostsName(host, port)] ?? [];
}

export async function pinHostKey(state: StateStore, host: string, port: number, blob: Buffer): Promise<void> {
  const map = { ...(state.get<PinnedMap>(pinnedHostKeysStateKey) ?? {}) };
  const name = knownHostsName(host, port);
  const type = keyTypeOf(blob);
  const others = (map[name] ?? []).filter((k) => k.keyType !== type);
  map[name] = [...others, { keyType: type, key: blob.toString('base64'), pinnedAt: new Date().toISOString() }];
  await state.update(pinnedHostKeysStateKey, map);
}

/** Forgets the pinned keys of a host, e.g. after a device was reinstalled; returns what was removed. */
export async function unpinHostKey(state: StateStore, host: string, port: number): Promise<PinnedHostKey[]> {
  const map = { ...(state.get<PinnedMap>(pinnedHostKeysStateKey) ?? {}) };
  const name = knownHostsName(host, port);
  const removed = map[name] ?? [];
  delete map[name];
  await state.update(pinnedHostKeysStateKey, map);
  return removed;
}

/** Every host Edgeplane pinned a key for, as "host" or "[host]:port". */
export function pinnedHostNames(state: StateStore): string[] {
  return Object.entries(state.get<PinnedMap>(pinnedHostKeysStateKey) ?? {})
    .filter(([, keys]) => keys.length > 0)
    .map(([name]) => name)
    .sort();
}

/** What is already trusted for a host: its known_hosts entries and Edgeplane's pins. */
export interface KnownHostKeys {
  knownHosts: KnownHostEntry[];
  pinned: PinnedHostKey[];
}

export async function knownHostKeys(policy: Pick<HostKeyPolicy, 'knownHostsFiles' | 'state'>, host: string, port: number): Promise<KnownHostKeys> {
  const entries = await loadKnownHosts(policy.knownHostsFiles);
  return {
    knownHosts: entries.filter((e) => e.marker === undefined && entryMatches(e, host, port)),
    pinned: pinnedKeysFor(policy.state, host, port),
  };
}

/** Key types a host is known by; empty for a host seen for the first time. */
export function knownKeyTypes(k: KnownHostKeys): string[] {
  return [...new Set([...k.knownHosts.map((e) => e.keyType), ...k.pinned.map((p) => p.keyType)])];
}

const forgetPinFix = 'run "Edgeplane: Forget Host Key" on it (Command Palette, or the node\'s context menu in the Fleet view)';
const keygenFix = (name: string, lines: string): string => `remove the old entry with \`ssh-keygen -R "${name}"\` (or delete ${lines})`;

function changedError(host: string, port: number, oldFps: string[], newFp: string, where: string, fix: string): UserFacingError {
  return new UserFacingError(
    'ssh-host-key-changed',
    `The host key of ${knownHostsName(host, port)} has CHANGED: it was ${[...new Set(oldFps)].join(' / ')} (${where}) and is now ${newFp}. ` +
      'Edgeplane refused to connect before running anything: someone may be intercepting the connection.',
    `If the device was reinstalled, ${fix}, then connect again; otherwise check the network path to the device.`,
  );
}

/**
 * A host known by some key types that presents another (or offers none of the
 * known ones during the handshake): refused like a changed key, never asked
 * about, since that is what an interceptor without the old key would do.
 */
export function keyTypeChangedError(host: string, port: number, known: KnownHostKeys, presented?: { keyType: string; fingerprint: string }): UserFacingError {
  const name = knownHostsName(host, port);
  const olds = [
    ...known.pinned.map((k) => `${k.keyType} ${fingerprintOf(Buffer.from(k.key, 'base64'))} (pinned by Edgeplane)`),
    ...known.knownHosts.map((e) => `${e.keyType} ${fingerprintOf(Buffer.from(e.key, 'base64'))} (${e.file}:${e.line})`),
  ];
  const now = presented ? `it now presents a ${presented.keyType} key ${presented.fingerprint}` : `it offered none of those key types (${knownKeyTypes(known).join(', ')})`;
  const fixes = [
    ...(known.pinned.length > 0 ? [forgetPinFix] : []),
    ...(known.knownHosts.length > 0 ? [keygenFix(name, known.knownHosts.map((e) => `${e.file}:${e.line}`).join(', '))] : []),
  ];
  return new UserFacingError(
    'ssh-host-key-changed',
    `The host key of ${name} has CHANGED type: it is known by ${olds.join(' / ')}, and ${now}. ` +
      'Edgeplane refused to connect before running anything: someone may be intercepting the connection.',
    `If the device was reinstalled, ${fixes.join(' and ')}, then connect again; otherwise check the network path to the device.`,
  );
}

/**
 * Decides on one presented key. Resolves when the key is trusted (pinning it
 * when the person accepts it), throws UserFacingError otherwise.
 */
export async function verifyHostKey(policy: HostKeyPolicy, host: string, port: number, blob: Buffer): Promise<void> {
  const fp = fingerprintOf(blob);
  const type = keyTypeOf(blob);
  const verdict = checkKnownHosts(await loadKnownHosts(policy.knownHostsFiles), host, port, blob);
  if (verdict.kind === 'revoked') {
    throw new UserFacingError(
      'ssh-host-key-revoked',
      `The host key ${fp} of ${knownHostsName(host, port)} is marked @revoked in ${verdict.entry.file}:${verdict.entry.line}.`,
      'Do not connect to this device until its host key was replaced.',
    );
  }
  if (verdict.kind === 'changed') {
    const olds = verdict.entries.map((e) => fingerprintOf(Buffer.from(e.key, 'base64')));
    const lines = verdict.entries.map((e) => `${e.file}:${e.line}`).join(', ');
    throw changedError(host, port, olds, fp, `known_hosts ${lines}`, keygenFix(knownHostsName(host, port), lines));
  }
  const pinned = pinnedKeysFor(policy.state, host, port);
  if (verdict.kind === 'match') return;
  if (pinned.some((k) => k.key === blob.toString('base64'))) return;
  const pinnedSameType = pinned.filter((k) => k.keyType === type);
  if (pinnedSameType.length > 0) {
    const olds = pinnedSameType.map((k) => fingerprintOf(Buffer.from(k.key, 'base64')));
    throw changedError(host, port, olds, fp, 'pinned by Edgeplane', forgetPinFix);
  }
  // connect() offers only the known types, so this is a second line: a key of
  // another type than the host is known by is refused, never asked about.
  const known = await knownHostKeys(policy, host, port);
  if (knownKeyTypes(known).length > 0) throw keyTypeChangedError(host, port, known, { keyType: type, fingerprint: fp });
  const ok = await policy.prompter.confirmHostKey({ host, port, keyType: type, fingerprint: fp });
  if (!ok) {
    throw new UserFacingError(
      'ssh-host-key-rejected',
      `The host key ${fp} of ${knownHostsName(host, port)} was not trusted.`,
      'Compare the fingerprint with `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` on the device and accept it if they match.',
    );
  }
  await pinHostKey(policy.state, host, port, blob);
}
