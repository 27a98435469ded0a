// Every test mode is one `node --test` run, so CI reads a single summary.
//   static       type-check (tsc, both projects) and lint, as tests       test/static
//   unit         fast, no lab: *.test.ts beside the code and test/unit    src/ lab/ components/ scripts/ test/unit
//   integration  core against the running lab                            test/integration
//   e2e          the packaged .vsix in code-server + Chromium             test/e2e
//   all          packages, brings the lab up, runs all of the above together
// Extra arguments narrow the run to those files: `node scripts/runTests.mjs e2e test/e2e/foundation.test.ts`.
// First it installs what the mode needs and is missing (scripts/setup.mjs); at the
// end it prints how many tests ran by kind, after node's own summary.
// Only the standard library and our stdlib-only scripts are imported: this runs on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupOrExit } from './setup.mjs';
import { countsByKind } from './testKinds.mjs';

const [mode = 'unit', ...only] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;
const ci = process.env.CI === 'true' || process.env.CI === '1';

function find(dir, out = []) {
  let entries;
  try { entries = readdirSync(join(root, dir)); } catch { return out; }
  for (const e of entries) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    const rel = join(dir, e);
    if (statSync(join(root, rel)).isDirectory()) find(rel, out);
    else if (e.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

function run(what, cmd, args, after = () => {}) {
  const started = Date.now();
  console.log(`\n== ${what}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  after();
  console.log(`== ${what}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const sets = {
  static: find('test/static'),
  unit: [...find('src'), ...find('lab'), ...find('components'), ...find('scripts'), ...find('test/unit'), ...find('webview')],
  integration: find('test/integration'),
  e2e: find('test/e2e'),
};
const modes = { ...sets, all: [...sets.static, ...sets.unit, ...sets.integration, ...sets.e2e] };
if (!(mode in modes)) {
  console.error(`unknown test mode "${mode}": use one of ${Object.keys(modes).join(', ')}`);
  process.exit(2);
}
let files = modes[mode];
if (only.length > 0) files = files.filter((f) => only.some((o) => f === o || f.startsWith(o) || f.includes(o)));
if (files.length === 0) {
  console.error(`no ${mode} tests found${only.length ? ` matching ${only.join(' ')}` : ''}`);
  process.exit(1);
}

const needsPackage = files.some((f) => f.startsWith('test/e2e/'));
const needsLab = files.some((f) => f.startsWith('test/integration/') || f.startsWith('test/e2e/'));

setupOrExit({
  command: mode === 'all' ? 'npm test' : `npm run test:${mode}`,
  needsLab,
  needsCodeServer: needsPackage,
  rootlessAlternative: '`npm run test:unit` and `npm run test:static`, which need no root',
});

if (needsPackage) run('package', 'npm', ['run', 'package']);
if (needsLab) {
  if (existsSync(join(root, 'lab', 'cli.ts')) || ci) {
    run('lab up', process.execPath, ['scripts/lab.mjs', 'up']);
  } else {
    // Only while the lab is being written; CI always brings it up (and fails without it).
    console.warn('\n== lab up: SKIPPED, lab/cli.ts does not exist yet (local run only; CI requires the lab)');
  }
}

// Tests that start code-server or touch the lab must not overlap on 2 cores.
const serial = mode === 'unit' || mode === 'static' ? [] : ['--test-concurrency=1'];
// Node's default reporter (spec on a terminal, tap otherwise) still prints the summary CI
// reads; a second reporter counts tests per file for the by-kind figures.
const countDir = mkdtempSync(join(tmpdir(), 'edgeplane-tests-'));
const countFile = join(countDir, 'counts.json');
const reporters = [
  `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`, '--test-reporter-destination=stdout',
  `--test-reporter=${join(root, 'scripts', 'testCounter.mjs')}`, `--test-reporter-destination=${countFile}`,
];
run(`${mode} tests (${files.length} files)`, process.execPath, [
  '--import', 'tsx', '--test', ...serial, '--test-timeout=900000', ...reporters, ...files.sort(),
], () => {
  try {
    const lines = countsByKind(JSON.parse(readFileSync(countFile, 'utf8')), root);
    console.log(`\n== tests by kind\n${lines.map((l) => `  ${l}`).join('\n')}`);
  } catch (err) {
    console.log(`\n== tests by kind: not available (${err instanceof Error ? err.message : String(err)})`);
  }
  rmSync(countDir, { recursive: true, force: true });
});
