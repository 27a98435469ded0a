// Builds the extension host bundles (CommonJS, Node) and one browser bundle per webview.
// The extension entry stays tiny; everything heavy lives in dist/core.js, which the
// extension requires lazily on first use, so activation does not parse it.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { vscodeOnlyInExtension } from './layering.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const root = new URL('..', import.meta.url).pathname;

const common = {
  bundle: true,
  plugins: [vscodeOnlyInExtension(root)],
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'info',
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
  readdirSync('webview/src')
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

if (watch) {
  const contexts = await Promise.all([esbuild.context(host), esbuild.context(web)]);
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all([esbuild.build(host), esbuild.build(web)]);
}
