// Regenerates bundle.l10n.json from the l10n.t('…') calls in src/extension.
// Run: node --import tsx l10n/generate.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildBundle, l10nSourceDirs } from '../scripts/l10nExtract';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = buildBundle(l10nSourceDirs(root));
writeFileSync(new URL('./bundle.l10n.json', import.meta.url), `${JSON.stringify(bundle, null, 2)}\n`);
console.log(`l10n/bundle.l10n.json: ${Object.keys(bundle).length} messages`);
