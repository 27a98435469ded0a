// `npm start` and `npm test` on a machine where they cannot do their job: one line
// that says what to do, exit code 1, before any npm dependency is loaded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { requiredGoVersion } from '../../scripts/setupPlan.mjs';

const root = resolve(__dirname, '..', '..');
const isRoot = process.getuid?.() === 0;
const hasSetpriv = existsSync('/usr/bin/setpriv');

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.trim() };
}

const asNobody = (script: string, ...args: string[]) =>
  run('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, script, ...args], { HOME: '/tmp' });

test('npm start as a user other than root: one line that says to use sudo or --no-lab', { skip: !isRoot || !hasSetpriv ? 'needs root and setpriv to become nobody' : false }, () => {
  const r = asNobody('scripts/start.mjs');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'npm start: cannot continue: the lab needs root (network namespaces, mounts, bridges, a kubelet) and this runs as uid 65534: run `sudo npm start`, or `npm start -- --no-lab` for the extension alone.');
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /ERR_MODULE_NOT_FOUND|\n\s+at /);
});

test('npm test (integration) as a user other than root: one line that names the tests that need no root', { skip: !isRoot || !hasSetpriv ? 'needs root and setpriv to become nobody' : false }, () => {
  const r = asNobody('scripts/runTests.mjs', 'integration');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^npm run test:integration: cannot continue: the lab needs root .* run `sudo npm run test:integration`, or `npm run test:unit` and `npm run test:static`, which need no root\.$/);
});

// Hides /usr/local/go behind an empty tmpfs in a private mount namespace and drops every
// PATH entry that holds a go: the machine has no Go as far as the script can tell.
test('npm start on a machine without Go: one line that says where to get it', { skip: !isRoot || !existsSync('/usr/bin/unshare') ? 'needs root and unshare' : false }, () => {
  const hasGo = (d: string) => { try { accessSync(join(d, 'go'), constants.X_OK); return true; } catch { return false; } };
  const path = [...new Set([dirname(process.execPath), ...(process.env.PATH ?? '').split(delimiter)])].filter((d) => d && !hasGo(d)).join(delimiter);
  const hide = existsSync('/usr/local/go') ? 'mount -t tmpfs none /usr/local/go && ' : '';
  const r = run('unshare', ['-m', '--propagation', 'private', 'sh', '-c', `${hide}exec "$0" scripts/start.mjs`, process.execPath], { PATH: path });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const needed = requiredGoVersion(['components/kubernetes', 'components/etcd', 'lab/build/kwok'].map((m) => readFileSync(join(root, m, 'go.mod'), 'utf8')));
  assert.match(r.stderr, /^npm start: cannot continue: Go is needed to build the lab's Kubernetes binaries and no go is on PATH \(nor in \/usr\/local\/go\/bin\): install Go \S+ or newer from https:\/\/go\.dev\/dl\/ .* then run the command again\.$/);
  assert.ok(r.stderr.includes(`install Go ${needed} or newer`), r.stderr);
});

test('the entry scripts import no npm dependency before the set-up step has run', () => {
  for (const f of ['scripts/start.mjs', 'scripts/runTests.mjs', 'scripts/bundle.mjs', 'scripts/image.mjs', 'scripts/components.mjs', 'scripts/setup.mjs', 'scripts/setupPlan.mjs', 'scripts/installCodeServer.mjs', 'scripts/testKinds.mjs']) {
    const src = readFileSync(join(root, f), 'utf8');
    for (const m of src.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms)) {
      assert.ok(m[1]?.startsWith('node:') || m[1]?.startsWith('./'), `${f} imports ${m[1]} at top level`);
    }
  }
  const start = readFileSync(join(root, 'scripts/start.mjs'), 'utf8');
  assert.ok(start.indexOf('setupOrExit(') < start.indexOf("await import('tsx"), 'start.mjs loads tsx only after the set-up step');
});
