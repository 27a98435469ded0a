// Where the harness finds its inputs (the packaged .vsix, code-server) and puts its outputs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Test files run as CommonJS under tsx (package.json has no "type"), so __dirname is defined.
export const repoRoot = resolve(__dirname, '..', '..', '..');
export const vsixPath = join(repoRoot, 'dist', 'edgeplane.vsix');
export const chromiumPath = process.env.EDGEPLANE_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots and logs of one test, kept after the run for people to look at (git-ignored). */
export function artifactsDir(kind: string, name: string): string {
  return join(repoRoot, '.artifacts', kind, name);
}

export function requireVsix(): string {
  if (!existsSync(vsixPath)) {
    throw new Error(`${vsixPath} is missing: run \`npm run package\` first (npm test does it for you).`);
  }
  return vsixPath;
}

let codeServerBin: string | undefined;

/** Installs code-server on first use (a no-op when it is cached) and returns its binary. */
export function resolveCodeServer(): string {
  if (codeServerBin) return codeServerBin;
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'installCodeServer.mjs')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const bin = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !bin) {
    throw new Error('code-server is not installed and `node scripts/installCodeServer.mjs` failed (see its output above).');
  }
  codeServerBin = bin;
  return bin;
}

export function requireChromium(): string {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium (or set EDGEPLANE_CHROMIUM).`);
  }
  return chromiumPath;
}
