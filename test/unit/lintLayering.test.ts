// The layering rule from docs/architecture.md: only src/extension may import `vscode`.
// Proven on the real ESLint config, so a refactor of eslint.config.mjs cannot
// silently switch it off.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const root = resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  assert.ok(result, `ESLint returned no result for ${filePath}`);
  return result.messages
    .filter((m) => m.severity === 2 && /only src\/extension may import vscode/i.test(m.message))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

const importVscode = "import * as vscode from 'vscode';\nexport const x = vscode.version;\n";
const requireVscode = "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const v = require('vscode');\n";

describe('lint rule: vscode only in src/extension', () => {
  for (const path of ['src/core/kube/sample.ts', 'src/protocol/sample.ts', 'webview/src/sample.ts']) {
    it(`reports an import of vscode in ${path}`, async () => {
      assert.equal((await layeringErrors(importVscode, path)).length, 1);
    });
  }

  it('reports require("vscode") in src/core', async () => {
    assert.equal((await layeringErrors(requireVscode, 'src/core/sample.ts')).length, 1);
  });

  it('allows importing vscode in src/extension', async () => {
    assert.deepEqual(await layeringErrors(importVscode, 'src/extension/sample.ts'), []);
  });

  it('fails `npm run lint` when src/core imports vscode (error severity)', async () => {
    const [result] = await eslint.lintText(importVscode, { filePath: resolve(root, 'src/core/sample.ts') });
    assert.ok((result?.errorCount ?? 0) > 0);
  });
});
