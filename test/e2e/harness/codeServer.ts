// A private code-server: its own extensions dir and user-data dir, on a free loopback port.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetTempDir, freePort, removeOnExit, spawnTracked, waitFor, type Tracked } from './processes';
import { resolveCodeServer } from './paths';

export interface CodeServerOptions {
  /** .vsix files to install before the server starts. */
  extensions: string[];
  /** Written to the user settings.json, over the harness's quiet defaults. */
  settings?: Record<string, unknown>;
  /** Folder to open; an empty scratch folder when omitted. */
  workspace?: string;
  /** Where code-server's own log goes. */
  logFile: string;
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Extra command-line flags, e.g. ['--log', 'trace']. */
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

export interface CodeServer {
  url: string;
  port: number;
  root: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  stop(): Promise<void>;
}

// Keep the workbench free of first-run noise that would cover what the tests look at.
const quietDefaults: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
};

/** Installs a .vsix the way a user's VS Code does (code-server's --install-extension). */
export function installExtension(bin: string, extensionsDir: string, userDataDir: string, vsix: string, logFile: string): void {
  const r = spawnSync(bin, ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  writeFileSync(logFile, `$ code-server --install-extension ${vsix}\n${r.stdout}${r.stderr}\n`, { flag: 'a' });
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout + r.stderr)) {
    throw new Error(`code-server could not install ${vsix} (exit ${r.status ?? r.signal}): ${(r.stderr || r.stdout).trim().slice(-600)}`);
  }
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const bin = resolveCodeServer();
  const root = mkdtempSync(join(tmpdir(), 'edgeplane-e2e-'));
  removeOnExit(root);
  const extensionsDir = join(root, 'extensions');
  const userDataDir = join(root, 'user-data');
  const workspace = opts.workspace ?? join(root, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietDefaults, ...opts.settings }, null, 2));

  for (const vsix of opts.extensions) installExtension(bin, extensionsDir, userDataDir, vsix, opts.logFile);

  const port = opts.port ?? (await freePort());
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    // A private config file, so the user's ~/.config/code-server never leaks in.
    '--config', join(root, 'config.yaml'),
    ...(opts.extraArgs ?? []),
  ];
  writeFileSync(join(root, 'config.yaml'), '');
  const server: Tracked = spawnTracked(bin, args, opts.logFile, { env: { ...process.env, ...opts.env }, cwd: workspace });
  const base = `http://127.0.0.1:${port}`;
  let exited = false;
  void server.exited.then(() => { exited = true; });
  try {
    await waitFor(`code-server to answer on ${base}/healthz`, 60_000, async () => {
      if (exited) throw new Error(`code-server exited early; its log: ${opts.logFile}`);
      const res = await fetch(`${base}/healthz`).catch(() => undefined);
      return res?.ok ? true : undefined;
    });
  } catch (err) {
    await server.stop();
    const tail = readFileSync(opts.logFile, 'utf8').slice(-1500);
    throw new Error(`${(err as Error).message}\n--- code-server log tail ---\n${tail}`, { cause: err });
  }
  return {
    url: `${base}/?folder=${encodeURIComponent(workspace)}`,
    port,
    root,
    userDataDir,
    extensionsDir,
    workspace,
    stop: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
      forgetTempDir(root);
    },
  };
}
