// What the bundles are built from: shared by scripts/build.mjs and the test that checks
// what goes into them (test/unit/bundleInputs.test.ts).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { vscodeOnlyInExtension } from './layering.mjs';

/** @param {string} root the repository root @param {boolean} production */
export function buildOptions(root, production) {
  const common = {
    bundle: true,
    plugins: [vscodeOnlyInExtension(root)],
    sourcemap: production ? false : 'linked',
    minify: production,
    legalComments: 'none',
    logLevel: 'info',
    absWorkingDir: root,
  };

  const host = {
    ...common,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // ssh2's native add-ons are optional: it falls back to pure JS when they are missing.
    // vscode is external through the layering plugin, which also rejects it outside src/extension.
    external: ['cpu-features', '*.node'],
    outdir: 'dist',
    entryPoints: { extension: 'src/extension/extension.ts', core: 'src/core/index.ts' },
    mainFields: ['module', 'main'],
  };

  const webviewEntries = Object.fromEntries(
    readdirSync(join(root, 'webview/src'))
      .filter((f) => f.endsWith('Main.ts'))
      .map((f) => [f.replace(/Main\.ts$/, ''), join('webview/src', f)]),
  );

  const web = {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outdir: 'dist/webview',
    entryPoints: webviewEntries,
    loader: { '.css': 'text' },
  };
  return { host, web };
}
