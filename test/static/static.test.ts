// Type-check and lint as tests, so `npm test` reports them in the same summary as
// everything else. Each runs the very command a developer runs by hand.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(__dirname, '..', '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

function check(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  assert.equal(r.status, 0, `${cmd.split('/').pop()} ${args.join(' ')} failed:\n${output.slice(-8000)}`);
}

describe('static checks', () => {
  it('type-checks the extension, core, lab and tests (tsconfig.json)', () => {
    check(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  });

  it('type-checks the webviews (webview/tsconfig.json)', () => {
    check(bin('tsc'), ['-p', 'webview/tsconfig.json', '--noEmit']);
  });

  it('type-checks the webviews with their unit tests (webview/tsconfig.test.json)', () => {
    check(bin('tsc'), ['-p', 'webview/tsconfig.test.json', '--noEmit']);
  });

  it('passes ESLint, including the layering rule', () => {
    check(bin('eslint'), ['.']);
  });
});
