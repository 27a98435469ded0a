// Resolves a name the person typed into a concrete SSH target, reading
// ~/.ssh/config as OpenSSH would: Host aliases, HostName (%h), User, Port,
// IdentityFile (~ expanded), ProxyJump chains. `Include` is expanded here
// (ssh-config does not) and `Match exec` is never run.
import { readFileSync, readdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import SSHConfig from 'ssh-config';
import { UserFacingError } from '../errors';

export interface SshTarget {
  /** What the person named (alias or host), for messages. */
  name: string;
  host: string;
  port: number;
  user: string;
  /** IdentityFile entries, ~ expanded; empty means "use the defaults that exist". */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** Extra known_hosts files named by UserKnownHostsFile. */
  knownHostsFiles: string[];
  /** Jump hosts, first hop first. */
  jumps: SshTarget[];
}

export interface ResolveOptions {
  /** Defaults to ~/.ssh/config; a missing file just means "no config". */
  configFile?: string;
  /** User when neither the name nor the config gives one (defaults to the local user). */
  defaultUser?: string;
  home?: string;
}

const maxIncludeDepth = 16;
const maxJumps = 8;

export function expandTilde(p: string, home = homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return p;
}

function globFiles(pattern: string): string[] {
  if (!/[*?]/.test(basename(pattern))) return [pattern];
  const dir = dirname(pattern);
  const re = new RegExp(`^${basename(pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => re.test(n)).sort().map((n) => join(dir, n));
}

/** Reads a config file with every `Include` replaced by the text it names (missing files are skipped, as OpenSSH does). */
export function readConfigText(file: string, home = homedir(), depth = 0): string {
  if (depth > maxIncludeDepth) {
    throw new UserFacingError('ssh-config-include-loop', `SSH config ${file}: Include nested deeper than ${maxIncludeDepth}.`, 'Look for an Include that includes itself.');
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new UserFacingError('ssh-config-unreadable', `The SSH config ${file} cannot be read: ${(err as Error).message}.`, 'Check its permissions.', { cause: err });
  }
  const sshDir = join(home, '.ssh');
  return text
    .split(/\r?\n/)
    .map((line) => {
      const m = /^\s*include\s*[=\s]\s*(.+)$/i.exec(line);
      if (!m?.[1]) return line;
      const parts = m[1].trim().split(/\s+/).map((s) => s.replace(/^"|"$/g, ''));
      return parts
        .flatMap((p) => {
          const abs = expandTilde(p, home);
          return globFiles(isAbsolute(abs) ? abs : join(sshDir, abs));
        })
        .map((f) => readConfigText(f, home, depth + 1))
        .join('\n');
    })
    .join('\n');
}

/** Splits "user@host:port", "host:port", "[v6]:port" or "ssh://user@host:port". */
export function parseDestination(dest: string): { user?: string; host: string; port?: number } {
  let s = dest.trim().replace(/^ssh:\/\//, '');
  let user: string | undefined;
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    user = s.slice(0, at);
    s = s.slice(at + 1);
  }
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6?.[1]) {
    return { user, host: v6[1], port: v6[2] ? Number(v6[2]) : undefined };
  }
  const m = /^([^:]+):(\d+)$/.exec(s);
  if (m?.[1] && m[2]) {
    s = m[1];
    port = Number(m[2]);
  }
  return { user, host: s, port };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function all(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(/\s+/)).filter(Boolean);
}

export class SshConfigResolver {
  private readonly config: SSHConfig;
  private readonly home: string;
  private readonly defaultUser: string;

  constructor(configText: string, opts: { home?: string; defaultUser?: string } = {}) {
    this.config = SSHConfig.parse(configText);
    this.home = opts.home ?? homedir();
    this.defaultUser = opts.defaultUser || userInfo().username;
  }

  static fromFile(opts: ResolveOptions = {}): SshConfigResolver {
    const home = opts.home ?? homedir();
    const file = expandTilde(opts.configFile ?? '~/.ssh/config', home);
    return new SshConfigResolver(readConfigText(file, home), { home, defaultUser: opts.defaultUser });
  }

  resolve(destination: string, jumpOverride?: string, depth = 0): SshTarget {
    if (depth > maxJumps) {
      throw new UserFacingError('ssh-jump-loop', `The ProxyJump chain for ${destination} is longer than ${maxJumps} hops.`, 'Look for jump hosts in ~/.ssh/config that jump through each other.');
    }
    const d = parseDestination(destination);
    // Match exec would run a command from the config on the person's behalf: never.
    const c = this.config.compute({ Host: d.host, User: d.user }, { matchExec: false, ignoreCase: true });
    if (first(c.proxycommand) && first(c.proxycommand)?.toLowerCase() !== 'none') {
      throw new UserFacingError('ssh-proxycommand-unsupported', `${destination} uses ProxyCommand in the SSH config, which Edgeplane does not run.`, 'Use ProxyJump for that host instead.');
    }
    const hostName = (first(c.hostname) ?? d.host).replace(/%h/g, d.host);
    const portText = d.port ?? first(c.port);
    const port = portText === undefined ? 22 : Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new UserFacingError('ssh-config-bad-port', `Port "${portText}" for ${destination} is not a valid TCP port.`, 'Fix the Port line in the SSH config.');
    }
    const user = d.user ?? first(c.user) ?? this.defaultUser;
    const identityFiles = all(c.identityfile).filter((f) => f.toLowerCase() !== 'none').map((f) => expandTilde(f.replace(/%d/g, this.home).replace(/%u/g, userInfo().username), this.home));
    const knownHostsFiles = all(c.userknownhostsfile).filter((f) => f !== '/dev/null').map((f) => expandTilde(f, this.home));
    const jumpSpec = jumpOverride ?? first(c.proxyjump);
    let jumps: SshTarget[] = [];
    if (jumpSpec && jumpSpec.toLowerCase() !== 'none') {
      // OpenSSH: with "-J a,b" the last hop is the proxy, and it is itself reached through "a".
      const hops = jumpSpec.split(',').map((h) => h.trim()).filter(Boolean);
      const last = hops[hops.length - 1] as string;
      const rest = hops.slice(0, -1);
      const proxy = this.resolve(last, rest.length > 0 ? rest.join(',') : undefined, depth + 1);
      jumps = [...proxy.jumps, { ...proxy, jumps: [] }];
    }
    return {
      name: destination,
      host: hostName,
      port,
      user,
      identityFiles,
      identitiesOnly: first(c.identitiesonly)?.toLowerCase() === 'yes',
      knownHostsFiles,
      jumps,
    };
  }
}

/** Resolves `destination` through the SSH config (default ~/.ssh/config). */
export function resolveTarget(destination: string, opts: ResolveOptions = {}): SshTarget {
  return SshConfigResolver.fromFile(opts).resolve(destination);
}

export function describeTarget(t: SshTarget): string {
  const port = t.port === 22 ? '' : `:${t.port}`;
  return `${t.user}@${t.host}${port}`;
}
