// One `node --test` run per call, so CI reads a single summary line.
//   unit         *.test.ts beside the code (src/, lab/, scripts/), no lab needed
//   integration  test/integration, against the running lab
//   e2e          test/e2e, the packaged extension in code-server, against the lab
//   all          builds, packages, brings the lab up, then runs all three together
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const mode = process.argv[2] ?? 'unit';
const root = new URL('..', import.meta.url).pathname;

function find(dir, pattern, out = []) {
  let entries;
  try { entries = readdirSync(join(root, dir)); } catch { return out; }
  for (const e of entries) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    const rel = join(dir, e);
    if (statSync(join(root, rel)).isDirectory()) find(rel, pattern, out);
    else if (pattern.test(e)) out.push(rel);
  }
  return out;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const unit = [...find('src', /\.test\.ts$/), ...find('lab', /\.test\.ts$/), ...find('scripts', /\.test\.ts$/)];
const integration = find('test/integration', /\.test\.ts$/);
const e2e = find('test/e2e', /\.test\.ts$/);

let files;
if (mode === 'unit') files = unit;
else if (mode === 'integration') files = integration;
else if (mode === 'e2e') files = e2e;
else if (mode === 'all') files = [...unit, ...integration, ...e2e];
else { console.error(`unknown test mode ${mode}`); process.exit(2); }

if (mode === 'e2e' || mode === 'all') run('npm', ['run', 'package']);
if (mode !== 'unit') run('node', ['scripts/lab.mjs', 'up']);

if (files.length === 0) { console.error(`no ${mode} tests found`); process.exit(1); }
const concurrency = mode === 'unit' ? [] : ['--test-concurrency=1'];
run(process.execPath, ['--import', 'tsx', '--test', ...concurrency, '--test-timeout=900000', ...files.sort()]);
