// known_hosts parsing and lookup, as OpenSSH does it: plain and hashed
// (|1|salt|hash) host fields, [host]:port for non-22 ports, wildcard and
// negated patterns, and the @revoked / @cert-authority markers.
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  /** 1-based line in its file, for messages that tell a person what to delete. */
  line: number;
  file: string;
  marker?: 'revoked' | 'cert-authority';
  /** The host field as written (comma-separated patterns or one |1|salt|hash). */
  hosts: string;
  keyType: string;
  /** Base64 of the public key blob. */
  key: string;
}

export function parseKnownHosts(text: string, file = 'known_hosts'): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineText = raw.trim();
    if (!lineText || lineText.startsWith('#')) return;
    const fields = lineText.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return; // unknown marker: OpenSSH ignores the line too
    }
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key) return;
    out.push({ line: i + 1, file, marker, hosts, keyType, key });
  });
  return out;
}

/** The name OpenSSH looks up: "host" on port 22, "[host]:port" otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const esc = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${esc}$`, 'i');
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|');
  // "|1|salt|hash" splits into ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const want = parts[3] ?? '';
  const got = createHmac('sha1', salt).update(name).digest('base64');
  return got === want;
}

/** Whether an entry's host field names `host` on `port`. */
export function entryMatches(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  if (entry.hosts.startsWith('|1|')) return hashedMatches(entry.hosts, name);
  let matched = false;
  for (const p of entry.hosts.split(',')) {
    const negated = p.startsWith('!');
    const pat = negated ? p.slice(1) : p;
    if (globToRegExp(pat).test(name)) {
      if (negated) return false; // a negated match vetoes the whole line
      matched = true;
    }
  }
  return matched;
}

/** Key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('ascii');
}

/** "SHA256:<base64 without padding>", exactly as `ssh-keygen -lf` prints it. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export type KnownHostsVerdict =
  | { kind: 'match'; entry: KnownHostEntry }
  | { kind: 'revoked'; entry: KnownHostEntry }
  | { kind: 'changed'; entries: KnownHostEntry[] }
  | { kind: 'unknown' };

/**
 * Looks a presented key up. A key listed @revoked anywhere is refused; a host
 * with entries of the same key type but none equal has CHANGED (OpenSSH only
 * compares within a type, since a host may hold several keys).
 */
export function checkKnownHosts(entries: KnownHostEntry[], host: string, port: number, blob: Buffer): KnownHostsVerdict {
  const key = blob.toString('base64');
  const type = keyTypeOf(blob);
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key === key);
  if (revoked) return { kind: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === undefined && entryMatches(e, host, port));
  const same = forHost.find((e) => e.key === key);
  if (same) return { kind: 'match', entry: same };
  const sameType = forHost.filter((e) => e.keyType === type);
  if (sameType.length > 0) return { kind: 'changed', entries: sameType };
  return { kind: 'unknown' };
}
