import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { buildBundle, l10nSourceDirs, messagesIn } from '../../scripts/l10nExtract';

test('finds messages in single, double and template quotes, across lines, with escapes', () => {
  const src = `vscode.l10n.t('It\\'s {0}', x); ctx.l10n.t(\n  "Two\\nlines"); l10n.t(\`tpl\`); l10n.t(dynamic);`;
  assert.deepEqual(messagesIn(src), ["It's {0}", 'Two\nlines', 'tpl']);
});

test('l10n/bundle.l10n.json is current (run: node --import tsx l10n/generate.ts)', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const onDisk = JSON.parse(readFileSync(new URL('../../l10n/bundle.l10n.json', import.meta.url), 'utf8')) as Record<string, string>;
  assert.deepEqual(onDisk, buildBundle(l10nSourceDirs(root)));
});
