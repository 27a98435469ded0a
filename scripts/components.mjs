// What `npm run bundle` and `npm run image` share: set up (npm dependencies, Go),
// then run one entry of components/cli.ts with the command line, and turn its
// error into one line and exit status 1.
// Imports nothing but setup.mjs before setup has run (it installs the npm dependencies).
import { setupOrExit } from './setup.mjs';

/** @param {string} command how the user started it, e.g. "npm run bundle" @param {'bundleMain' | 'imageMain'} entry */
export async function runComponentsCommand(command, entry) {
  setupOrExit({ command, needsLab: false, needsCodeServer: false, needsGo: true });
  const { tsImport } = await import('tsx/esm/api');
  const cli = await tsImport('../components/cli.ts', import.meta.url);
  try {
    await cli[entry](process.argv.slice(2));
  } catch (err) {
    console.error(`${command}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
