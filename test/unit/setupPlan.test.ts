// The set-up step's decisions: what it refuses, with which one line, on which machine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import {
  aptPackagesFor, compareVersions, explainInstallFailure, goProblem, nodeModulesState, parseGoVersion, parseOsRelease, platformProblem, privilegeProblem, requiredGoVersion,
} from '../../scripts/setupPlan.mjs';

const root = resolve(__dirname, '..', '..');
const bookworm = parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_CODENAME=bookworm\n');

test('Debian bookworm on x86_64 with Node 20 passes; other machines get a line that says what to use', () => {
  assert.equal(platformProblem({ platform: 'linux', arch: 'x64', osRelease: bookworm, nodeVersion: 'v20.20.2' }), undefined);
  assert.match(platformProblem({ platform: 'linux', arch: 'x64', osRelease: bookworm, nodeVersion: 'v18.19.0' }) ?? '', /Node\.js 20 or newer .* v18\.19\.0/);
  assert.match(platformProblem({ platform: 'darwin', arch: 'arm64', osRelease: {}, nodeVersion: 'v20.1.0' }) ?? '', /Debian bookworm .* darwin: use a Debian 12/);
  const fedora = parseOsRelease('NAME="Fedora Linux"\nID=fedora\nPRETTY_NAME="Fedora Linux 40"\n');
  assert.match(platformProblem({ platform: 'linux', arch: 'x64', osRelease: fedora, nodeVersion: 'v20.1.0' }) ?? '', /apt-get and this is Fedora Linux 40/);
  const ubuntu = parseOsRelease('ID=ubuntu\nID_LIKE=debian\n');
  assert.equal(platformProblem({ platform: 'linux', arch: 'x64', osRelease: ubuntu, nodeVersion: 'v22.0.0' }), undefined);
  assert.match(platformProblem({ platform: 'linux', arch: 'arm64', osRelease: bookworm, nodeVersion: 'v20.1.0' }) ?? '', /x86_64/);
});

test('the Go the lab needs is the newest go directive of components/*/go.mod and lab/build/*/go.mod, and a missing or old go says how to install one', () => {
  const mods = ['components/kubernetes', 'components/etcd', 'lab/build/kwok'].map((m) => readFileSync(join(root, m, 'go.mod'), 'utf8'));
  const required = requiredGoVersion(mods);
  const directives = mods.map((m) => /^go (\S+)/m.exec(m)?.[1] ?? '');
  assert.ok(directives.includes(required), `${required} is one of ${directives.join(', ')}`);
  for (const v of directives) assert.ok(compareVersions(required, v) >= 0, `${required} covers ${v}`);
  assert.equal(requiredGoVersion(['go 1.24\n', 'go 1.26.0\n', 'go 1.25.3\n']), '1.26.0');
  assert.equal(parseGoVersion('go version go1.26.8 linux/amd64\n'), '1.26.8');
  assert.equal(goProblem({ version: '1.26.8', required: '1.26.0' }), undefined);
  assert.match(goProblem({ required: '1.26.0' }) ?? '', /no go is on PATH .*go\.dev\/dl.*add \/usr\/local\/go\/bin to PATH/);
  assert.match(goProblem({ version: '1.19.8', required: '1.26.0' }) ?? '', /Go 1\.26\.0 or newer .* this is go1\.19\.8/);
  assert.match(goProblem({ version: '1.26', required: '1.26.1' }) ?? '', /go1\.26/);
});

test('npm ci runs when node_modules is missing or differs from package-lock.json, not when it matches', () => {
  const lock = JSON.stringify({ packages: { '': {}, 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0' }, 'node_modules/@esbuild/darwin-arm64': { version: '0.1.0', optional: true } } });
  const same = JSON.stringify({ packages: { 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0' } } });
  const older = JSON.stringify({ packages: { 'node_modules/a': { version: '0.9.0' }, 'node_modules/b': { version: '2.0.0' } } });
  const partial = JSON.stringify({ packages: { 'node_modules/a': { version: '1.0.0' } } });
  assert.equal(nodeModulesState(lock, undefined).state, 'missing');
  assert.equal(nodeModulesState(lock, same).state, 'ok');
  assert.deepEqual(nodeModulesState(lock, older), { state: 'stale', detail: '1 package(s) differ from package-lock.json (a)' });
  assert.equal(nodeModulesState(lock, partial).state, 'stale');
});

test('the lab needs root and says how to run without it; missing packages as a user name the apt-get line', () => {
  const base = { isRoot: false, uid: 1000, missingApt: [], command: 'npm start', rootlessAlternative: '`npm start -- --no-lab` for the extension alone' };
  assert.equal(privilegeProblem({ ...base, needsLab: true }), 'the lab needs root (network namespaces, mounts, bridges, a kubelet) and this runs as uid 1000: run `sudo npm start`, or `npm start -- --no-lab` for the extension alone.');
  assert.equal(privilegeProblem({ ...base, needsLab: false }), undefined);
  assert.equal(privilegeProblem({ ...base, isRoot: true, uid: 0, needsLab: true, missingApt: ['runc'] }), undefined);
  assert.match(privilegeProblem({ ...base, needsLab: false, missingApt: ['chromium', 'ripgrep'] }) ?? '', /sudo apt-get install -y chromium ripgrep/);
});

test('one list of Debian packages: the lab and code-server parts, only what the command needs', () => {
  assert.deepEqual(aptPackagesFor({ lab: false, codeServer: false }), []);
  const all = aptPackagesFor({ lab: true, codeServer: true });
  for (const p of ['containerd', 'runc', 'etcd-server', 'openssh-server', 'gcc', 'chromium', 'ripgrep']) assert.ok(all.includes(p), p);
  assert.ok(!aptPackagesFor({ lab: false, codeServer: true }).includes('containerd'));
  // .ci/run must not keep a second list: it calls the set-up step.
  assert.doesNotMatch(readFileSync(join(root, '.ci', 'run'), 'utf8'), /apt-get install/);
});

test('an install that fails offline says which registry it could not reach', () => {
  assert.match(explainInstallFailure('npm', 'npm error code ENOTFOUND\nnpm error getaddrinfo ENOTFOUND registry.npmjs.org'), /could not reach the npm registry/);
  assert.match(explainInstallFailure('apt', 'Err:1 http://deb.debian.org bookworm InRelease\n  Temporary failure resolving \'deb.debian.org\''), /could not reach the Debian mirrors/);
  assert.match(explainInstallFailure('apt', 'E: Could not get lock /var/lib/dpkg/lock-frontend'), /busy/);
  assert.match(explainInstallFailure('npm', 'npm error code EACCES'), /may not write/);
  assert.match(explainInstallFailure('code-server', 'something else'), /failed \(its output is above\)/);
});
