// Which kind a test file is, and the by-kind table printed at the end of `npm test`.
import { relative } from 'node:path';

export const testKinds = ['static', 'unit', 'webview', 'integration', 'e2e'];

/** @param {string} file path relative to the repository root */
export function kindOf(file) {
  if (file.startsWith('test/static/')) return 'static';
  if (file.startsWith('test/integration/')) return 'integration';
  if (file.startsWith('test/e2e/')) return 'e2e';
  if (file.startsWith('webview/')) return 'webview';
  return 'unit';
}

/**
 * @param {{ files: Record<string, { tests: number, pass: number, fail: number, skipped: number, todo: number, cancelled: number }> }} counts the testCounter reporter's output
 * @param {string} root the repository root the file paths are under
 * @returns {string[]} lines: one per kind that ran, then the total
 */
export function countsByKind(counts, root) {
  const zero = () => ({ files: 0, tests: 0, pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 });
  const by = Object.fromEntries(testKinds.map((k) => [k, zero()]));
  const total = zero();
  for (const [file, c] of Object.entries(counts.files)) {
    const k = by[kindOf(relative(root, file.replace(/^file:\/\//, '')))];
    for (const t of [k, total]) {
      t.files += 1;
      for (const f of ['tests', 'pass', 'fail', 'skipped', 'todo', 'cancelled']) t[f] += c[f];
    }
  }
  const line = (name, t) => {
    const extra = ['skipped', 'todo', 'cancelled'].filter((f) => t[f] > 0).map((f) => `, ${t[f]} ${f}`).join('');
    return `${name.padEnd(12)} ${String(t.tests).padStart(5)} tests in ${String(t.files).padStart(3)} files: ${t.pass} passed, ${t.fail} failed${extra}`;
  };
  return [...testKinds.filter((k) => by[k].files > 0).map((k) => line(k, by[k])), line('total', total)];
}
