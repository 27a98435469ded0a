// `npm run bench -- fleet`: the fleet benchmark (run.ts) under --expose-gc.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', new URL('./run.ts', import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
