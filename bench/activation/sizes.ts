// Bytes of the .vsix and of each bundle inside dist/, as shipped.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Sizes {
  vsix: number;
  bundles: Record<string, number>;
}

export function measureSizes(repoRoot: string): Sizes {
  const dist = join(repoRoot, 'dist');
  const vsix = join(dist, 'edgeplane.vsix');
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first`);
  const bundles: Record<string, number> = {};
  for (const f of readdirSync(dist, { recursive: true, encoding: 'utf8' }).sort()) {
    if (/\.(js|css)$/.test(f)) bundles[`dist/${f}`] = statSync(join(dist, f)).size;
  }
  return { vsix: statSync(vsix).size, bundles };
}
