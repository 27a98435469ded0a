// The by-kind figures printed at the end of `npm test`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countsByKind, kindOf } from '../../scripts/testKinds.mjs';

test('a test file is static, unit, webview, integration or e2e by where it lives', () => {
  assert.equal(kindOf('test/static/static.test.ts'), 'static');
  assert.equal(kindOf('src/core/pki/ca.test.ts'), 'unit');
  assert.equal(kindOf('test/unit/manifest.test.ts'), 'unit');
  assert.equal(kindOf('webview/src/logic/sort.test.ts'), 'webview');
  assert.equal(kindOf('test/integration/bootstrap.test.ts'), 'integration');
  assert.equal(kindOf('test/e2e/foundation.test.ts'), 'e2e');
});

test('counts add up per kind and in total, and name failures and skips', () => {
  const c = (tests: number, pass: number, fail = 0, skipped = 0) => ({ tests, pass, fail, skipped, todo: 0, cancelled: 0 });
  const lines = countsByKind({
    files: {
      '/r/src/a.test.ts': c(3, 3),
      '/r/src/b.test.ts': c(2, 1, 1),
      '/r/webview/src/x.test.ts': c(4, 4),
      '/r/test/e2e/y.test.ts': c(2, 1, 0, 1),
    },
  }, '/r');
  assert.deepEqual(lines.map((l) => l.replace(/\s+/g, ' ')), [
    'unit 5 tests in 2 files: 4 passed, 1 failed',
    'webview 4 tests in 1 files: 4 passed, 0 failed',
    'e2e 2 tests in 1 files: 1 passed, 0 failed, 1 skipped',
    'total 11 tests in 4 files: 9 passed, 1 failed, 1 skipped',
  ]);
});
