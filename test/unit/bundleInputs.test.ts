// What the shipped bundles are made of: product code and its libraries, never a test,
// a test helper or a build tool. Built with the very options `npm run package` uses.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { buildOptions } from '../../scripts/buildConfig.mjs';

const root = resolve(__dirname, '..', '..');

async function inputsOf(which: 'host' | 'web'): Promise<string[]> {
  const options = buildOptions(root, true)[which];
  const result = await build({ ...options, write: false, metafile: true, logLevel: 'silent' });
  return Object.keys(result.metafile.inputs);
}

test('the extension, core and webview bundles hold no test, test helper or build tool', async () => {
  const inputs = [...(await inputsOf('host')), ...(await inputsOf('web'))];
  assert.ok(inputs.some((f) => f.startsWith('src/core/')) && inputs.some((f) => f.startsWith('webview/src/')), 'the walk saw the product sources');
  const own = inputs.filter((f) => !f.startsWith('node_modules/'));
  const misplaced = own.filter((f) => !/^(src|webview\/src)\//.test(f) || /\.test\.ts$/.test(f) || /(^|\/)(test|bench|lab|scripts)\//.test(f));
  assert.deepEqual(misplaced, [], `bundled from outside the product: ${misplaced.join(', ')}`);
});
