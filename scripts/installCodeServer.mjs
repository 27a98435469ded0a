// Idempotent install of code-server (a whole VS Code on npm) for the end-to-end
// tests, the activation benchmark and `npm start`. Installed into a cache folder
// outside the repo so that a fresh clone or `git clean` does not cost a re-install.
//
//   node scripts/installCodeServer.mjs          installs if needed, prints the binary path on stdout
//   EDGEPLANE_CODE_SERVER_DIR=/some/dir ...     installs there instead
//
// Why code-server and not @vscode/test-electron: the latter downloads VS Code at
// run time, which cannot work with only the npm registry reachable.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { aptPackageGroups } from './setupPlan.mjs';

// 4.100.3 (VS Code 1.100) is the newest code-server whose server runs on Node 20.
export const codeServerVersion = '4.100.3';

export function codeServerDir() {
  return process.env.EDGEPLANE_CODE_SERVER_DIR
    ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'edgeplane', `code-server-${codeServerVersion}`);
}

export function codeServerBin(dir = codeServerDir()) {
  return join(dir, 'node_modules', '.bin', 'code-server');
}

// The marker is written last, so a half-finished install is never taken for a good one.
const markerName = '.edgeplane-installed';

export function isInstalled(dir = codeServerDir()) {
  const marker = join(dir, markerName);
  return existsSync(marker) && readFileSync(marker, 'utf8').trim() === codeServerVersion && existsSync(codeServerBin(dir));
}

// Debian packages code-server's native modules and our tests need: the one list is in setupPlan.mjs.
const aptPackages = aptPackageGroups.codeServer;

function log(msg) {
  process.stderr.write(`[code-server] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', process.stderr, process.stderr], ...opts });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function missingAptPackages() {
  return aptPackages.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function ensureAptPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}. Install them as root: apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}

// @vscode/ripgrep downloads rg from GitHub in its postinstall, which cannot work here.
// It checks this cache first, so hand it Debian's rg under the name it looks for.
function seedRipgrepCache() {
  const dir = join(process.env.TMPDIR ?? '/tmp', 'vscode-ripgrep-cache-1.15.11');
  const archive = join(dir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(archive)) return;
  mkdirSync(dir, { recursive: true });
  run('tar', ['czf', archive, '-C', '/usr/bin', 'rg']);
}

export function installCodeServer(dir = codeServerDir()) {
  if (isInstalled(dir)) return codeServerBin(dir);
  const started = Date.now();
  ensureAptPackages();
  seedRipgrepCache();
  rmSync(join(dir, markerName), { force: true });
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'edgeplane-code-server', private: true }, null, 2));
  }
  // code-server's postinstall runs a nested npm install of VS Code's own modules; it
  // refuses to run without unsafe-perm as root, and npm 11 skips install scripts that
  // are not approved, so allow them for this folder only (the env reaches the nested npm).
  const env = {
    ...process.env,
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  run('npm', ['install', '--no-save', '--no-package-lock', `code-server@${codeServerVersion}`], { cwd: dir, env });
  const bin = codeServerBin(dir);
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  // It may log an info line before the version line.
  if (v.status !== 0 || !v.stdout.split('\n').some((l) => l.startsWith(`${codeServerVersion} `))) {
    throw new Error(`code-server installed in ${dir} but \`code-server --version\` failed: ${v.stderr || v.stdout}`);
  }
  writeFileSync(join(dir, markerName), `${codeServerVersion}\n`);
  log(`installed code-server ${codeServerVersion} in ${dir} in ${Math.round((Date.now() - started) / 1000)} s`);
  return bin;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.stdout.write(`${installCodeServer()}\n`);
  } catch (err) {
    log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
