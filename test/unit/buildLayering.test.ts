// The build refuses `vscode` outside src/extension, as the lint rule does.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { build } from 'esbuild';
import { vscodeOnlyInExtension } from '../../scripts/layering.mjs';

const root = mkdtempSync(join(tmpdir(), 'edgeplane-layering-'));

async function bundle(file: string): Promise<string[]> {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, "import * as vscode from 'vscode';\nexport const v = vscode.version;\n");
  try {
    await build({ entryPoints: [path], bundle: true, write: false, platform: 'node', format: 'cjs', logLevel: 'silent', plugins: [vscodeOnlyInExtension(root)] });
    return [];
  } catch (err) {
    return ((err as { errors?: { text: string }[] }).errors ?? []).map((e) => e.text);
  }
}

describe('build: vscode only in src/extension', () => {
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const file of ['src/core/kube/a.ts', 'src/protocol/a.ts', 'webview/src/a.ts']) {
    it(`fails when ${file} imports vscode`, async () => {
      const errors = await bundle(file);
      assert.equal(errors.length, 1);
      assert.match(errors[0] ?? '', new RegExp(`${file} imports "vscode", but only src/extension may`));
    });
  }

  it('builds src/extension importing vscode, with vscode left external', async () => {
    assert.deepEqual(await bundle('src/extension/a.ts'), []);
  });
});
