// The set-up step: installs what is missing before `npm start`, `npm test` and CI
// do their job, one line per step, and stops with one line that says what to do
// when something cannot be installed. Standard library only, because it runs
// before the npm dependencies exist; the decisions are in setupPlan.mjs.
//
//   node scripts/setup.mjs                 everything (what `npm test` and CI need)
//   node scripts/setup.mjs --no-lab        npm dependencies and code-server only (no root)
//   node scripts/setup.mjs --npm-only      npm dependencies only
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeServerDir, codeServerVersion, installCodeServer, isInstalled } from './installCodeServer.mjs';
import { aptPackagesFor, explainInstallFailure, goProblem, nodeModulesState, parseGoVersion, parseOsRelease, platformProblem, privilegeProblem, requiredGoVersion } from './setupPlan.mjs';

const root = new URL('..', import.meta.url).pathname;
const say = (m) => console.log(`setup: ${m}`);

/** Thrown for a problem the user must fix; its message is the one line to print. */
export class SetupRefusal extends Error {}

function readOr(file, fallback) {
  try { return readFileSync(file, 'utf8'); } catch { return fallback; }
}

/** The first executable `name` on PATH, or undefined. */
export function onPath(name, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const f = join(dir, name);
    try { accessSync(f, constants.X_OK); return f; } catch { /* next */ }
  }
  return undefined;
}

function missingAptPackages(packages) {
  if (!onPath('dpkg-query')) return packages;
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...packages], { encoding: 'utf8' });
  const ok = new Set((r.stdout ?? '').split('\n').filter((l) => l.endsWith('install ok installed')).map((l) => l.split(' ')[0].replace(/:.*$/, '')));
  return packages.filter((p) => !ok.has(p));
}

function runCaptured(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`;
  return { ok: r.status === 0, output };
}

function fail(step, output) {
  const tail = output.trim().split('\n').slice(-25).join('\n');
  if (tail) console.error(tail);
  throw new SetupRefusal(explainInstallFailure(step, output));
}

const seconds = (t0) => `${Math.round((Date.now() - t0) / 1000)} s`;

function goVersionOf(bin) {
  const r = spawnSync(bin, ['version'], { encoding: 'utf8' });
  return r.status === 0 ? parseGoVersion(r.stdout) : undefined;
}

/** Finds Go for the components' and the lab's builds; puts /usr/local/go/bin on PATH when Go is only there. */
function ensureGo() {
  // Go modules: components/NAME (what Edgeplane ships) and lab/build/NAME (lab-only tools).
  const mods = [join(root, 'components'), join(root, 'lab', 'build')].flatMap((dir) => readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => readOr(join(dir, d.name, 'go.mod'), '')));
  const required = requiredGoVersion(mods);
  let bin = onPath('go');
  if (!bin && existsSync('/usr/local/go/bin/go')) {
    bin = '/usr/local/go/bin/go';
    process.env.PATH = `${process.env.PATH ?? ''}${delimiter}/usr/local/go/bin`;
  }
  const version = bin ? goVersionOf(bin) : undefined;
  const problem = goProblem({ version, required });
  if (problem) throw new SetupRefusal(problem);
  return `go${version} at ${bin} (the lab needs ${required} or newer)`;
}

/**
 * @param {{ command: string, needsLab: boolean, needsCodeServer: boolean, needsGo?: boolean, rootlessAlternative?: string }} o
 * command: how the user started this ("npm start"), for the messages.
 */
/**
 * Registers qemu-aarch64 in binfmt_misc, as systemd-binfmt would from the file Debian's
 * qemu-user-static ships (there is no systemd here). Its flags include F: the kernel
 * opens qemu once, so a lab device's private mounts cannot hide it. Only emulated arm64
 * lab devices need it, so a failure is reported, not fatal.
 */
function ensureQemuBinfmt() {
  const dir = '/proc/sys/fs/binfmt_misc';
  if (existsSync(join(dir, 'qemu-aarch64'))) return 'qemu-aarch64 is registered in binfmt_misc';
  const conf = readOr('/usr/lib/binfmt.d/qemu-aarch64.conf', '').trim();
  if (!conf) return 'qemu-user-static is not installed; emulated arm64 lab devices will not start';
  if (!existsSync(join(dir, 'register'))) {
    const m = runCaptured('mount', ['-t', 'binfmt_misc', 'binfmt_misc', dir]);
    if (!m.ok) return `could not mount binfmt_misc (${m.output.trim()}); emulated arm64 lab devices will not start`;
  }
  try {
    writeFileSync(join(dir, 'register'), conf);
  } catch (err) {
    return `could not register qemu-aarch64 (${err instanceof Error ? err.message : String(err)}); emulated arm64 lab devices will not start`;
  }
  return 'registered qemu-aarch64 in binfmt_misc';
}

export function setup(o) {
  const osRelease = parseOsRelease(readOr('/etc/os-release', ''));
  const platform = platformProblem({ platform: process.platform, arch: process.arch, osRelease, nodeVersion: process.version });
  if (platform && (o.needsLab || o.needsCodeServer)) throw new SetupRefusal(platform);
  const isRoot = process.getuid?.() === 0;
  const apt = platform ? [] : aptPackagesFor({ lab: o.needsLab, codeServer: o.needsCodeServer });
  const missing = missingAptPackages(apt);
  const priv = privilegeProblem({ isRoot, uid: process.getuid?.() ?? -1, needsLab: o.needsLab, missingApt: missing, command: o.command, rootlessAlternative: o.rootlessAlternative });
  if (priv) throw new SetupRefusal(priv);
  // Go is checked before anything is installed, so a machine without it stops at once.
  if (o.needsLab || o.needsGo) say(`Go: ${ensureGo()}`);
  else say(`platform: ${osRelease.PRETTY_NAME ?? process.platform}, ${process.arch}, Node ${process.version}`);

  if (apt.length > 0) {
    if (missing.length === 0) say(`Debian packages: all ${apt.length} installed`);
    else {
      const t0 = Date.now();
      say(`Debian packages: installing ${missing.join(' ')} (apt-get, 1-3 min)`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const up = runCaptured('apt-get', ['update', '-q'], { env });
      if (!up.ok || /^(W|E): (Failed to fetch|Some index files failed)/m.test(up.output)) fail('apt', up.output);
      const inst = runCaptured('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
      if (!inst.ok) fail('apt', inst.output);
      say(`Debian packages: installed in ${seconds(t0)}`);
    }
  }

  if (o.needsLab && !platform) say(`arm64 emulation: ${ensureQemuBinfmt()}`);

  const nm = nodeModulesState(readFileSync(join(root, 'package-lock.json'), 'utf8'), readOr(join(root, 'node_modules', '.package-lock.json'), undefined));
  if (nm.state === 'ok') say(`npm dependencies: ${nm.detail}`);
  else {
    const t0 = Date.now();
    say(`npm dependencies: ${nm.detail}; running npm ci (about 1 min)`);
    const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
    const r = runCaptured(onPath('npm') ?? 'npm', ['ci', '--no-audit', '--no-fund'], { env });
    if (!r.ok) fail('npm', r.output);
    say(`npm dependencies: installed in ${seconds(t0)}`);
  }

  if (o.needsCodeServer) {
    if (isInstalled()) say(`code-server ${codeServerVersion}: installed in ${codeServerDir()}`);
    else {
      const t0 = Date.now();
      say(`code-server ${codeServerVersion}: installing into ${codeServerDir()} (about 300 MB, 1-2 min)`);
      try {
        installCodeServer();
      } catch (err) {
        fail('code-server', err instanceof Error ? err.message : String(err));
      }
      say(`code-server ${codeServerVersion}: installed in ${seconds(t0)}`);
    }
  }
  if (o.needsLab) say('lab builds: `lab up` builds what is missing next (cached; the first build of Kubernetes takes 10-20 min on 2 cores)');
}

/** Runs setup() and ends the process with one line and exit code 1 when it refuses. */
export function setupOrExit(o) {
  try {
    setup(o);
  } catch (err) {
    if (!(err instanceof SetupRefusal)) throw err;
    console.error(`${o.command}: cannot continue: ${err.message}`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const npmOnly = args.includes('--npm-only');
  setupOrExit({
    command: 'node scripts/setup.mjs',
    needsLab: !npmOnly && !args.includes('--no-lab'),
    needsCodeServer: !npmOnly,
    rootlessAlternative: '`node scripts/setup.mjs --no-lab` for the npm dependencies and code-server alone',
  });
}
