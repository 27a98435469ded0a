// `npm run bench -- <name> [args]`: runs bench/<name>/main.ts (or index.ts) after
// packaging, so the figures are always those of the current code. Without a name: lists them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const entryOf = (name) => ['main.ts', 'index.ts'].map((f) => join('bench', name, f)).find((f) => existsSync(join(root, f)));
const available = readdirSync(join(root, 'bench'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && entryOf(d.name))
  .map((d) => d.name)
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`${name ? `no benchmark "${name}". ` : ''}usage: npm run bench -- <${available.join('|')}> [args]`);
  process.exit(name ? 2 : 0);
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!process.env.EDGEPLANE_BENCH_NO_PACKAGE) run('npm', ['run', '--silent', 'package']);
run(process.execPath, ['--import', 'tsx', entryOf(name), ...args]);
