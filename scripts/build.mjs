// Builds the extension host bundles (CommonJS, Node) and one browser bundle per webview.
// The extension entry stays tiny; everything heavy lives in dist/core.js, which the
// extension requires lazily on first use, so activation does not parse it.
import * as esbuild from 'esbuild';
import { buildOptions } from './buildConfig.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const root = new URL('..', import.meta.url).pathname;
const { host, web } = buildOptions(root, production);

if (watch) {
  const contexts = await Promise.all([esbuild.context(host), esbuild.context(web)]);
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all([esbuild.build(host), esbuild.build(web)]);
}
