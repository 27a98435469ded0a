// Packages the test-only probe extension (./probe) once per test process.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths';

let probeVsix: string | undefined;

export function probeExtension(): string {
  if (probeVsix && existsSync(probeVsix)) return probeVsix;
  const dir = mkdtempSync(join(tmpdir(), 'edgeplane-probe-'));
  cpSync(join(repoRoot, 'test', 'e2e', 'harness', 'probe'), join(dir, 'src'), { recursive: true });
  const out = join(dir, 'probe.vsix');
  const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], {
    cwd: join(dir, 'src'),
    encoding: 'utf8',
  });
  if (r.status !== 0 || !existsSync(out)) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not package the e2e probe extension: ${(r.stderr || r.stdout).trim().slice(-600)}`);
  }
  probeVsix = out;
  return out;
}

/** What the probe saw inside the extension host. */
export interface ProbeReport {
  found: boolean;
  wasActive: boolean;
  active: boolean;
  /** Edgeplane's files in the extension host's module cache when the probe ran, e.g. ['dist/extension.js']. */
  loadedBundles: string[];
  registered: string[];
}
