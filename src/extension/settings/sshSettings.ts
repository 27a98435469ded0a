// Connection options every SSH use shares: the verified-host-key prompter, pinned keys in
// globalState, settings for known_hosts, timeouts and keepalive.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConnectOptions } from '../../core/ssh/connect';
import type { SshTarget } from '../../core/ssh/sshConfig';
import { prompterAdapter } from '../adapters/prompter';
import { secretStoreAdapter, stateStoreAdapter } from '../adapters/stores';
import type { Services } from '../services';
import { trustedSetting } from './trusted';

export type ResolveTarget = (destination: string, opts?: { configFile?: string; defaultUser?: string }) => SshTarget;

function expand(p: string): string {
  return p === '~' ? homedir() : p.startsWith('~/') ? join(homedir(), p.slice(2)) : p;
}

export function resolveOptions(services: Services): { configFile: string; defaultUser?: string } {
  const cfg = services.config();
  const user = trustedSetting<string>(cfg, 'ssh.defaultUser')?.trim();
  return { configFile: expand(trustedSetting<string>(cfg, 'ssh.configFile') ?? '~/.ssh/config'), ...(user ? { defaultUser: user } : {}) };
}

export function sshConfigFile(services: Services): string {
  return resolveOptions(services).configFile;
}

export function connectOptions(services: Services, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  const cfg = services.config();
  const secrets = secretStoreAdapter(services.context.secrets);
  return {
    prompter: prompterAdapter({ secrets, logger: services.logger }),
    state: stateStoreAdapter(services.context.globalState),
    logger: services.logger,
    knownHostsFiles: [expand(trustedSetting<string>(cfg, 'ssh.knownHostsFile') ?? '~/.ssh/known_hosts')],
    readyTimeoutMs: (cfg.get<number>('ssh.connectTimeoutSeconds') ?? 15) * 1000,
    keepaliveIntervalMs: (cfg.get<number>('ssh.keepaliveSeconds') ?? 15) * 1000,
    ...extra,
  };
}
