// `npm run lab -- <verb>`: hands over to the TypeScript lab CLI.
import { spawnSync } from 'node:child_process';
const r = spawnSync(process.execPath, ['--import', 'tsx', new URL('../lab/cli.ts', import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
