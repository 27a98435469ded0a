// Builds Go components from their pinned modules (components/NAME/go.mod) into a
// cache outside the repo, and skips a build whose stamp matches. The stamp hashes
// the module's go.mod, go.sum and sources by their path inside the module (never
// where the module sits in the repo), the Go version and the flags: a pin change
// rebuilds, moving a folder does not.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, runVisible } from './run';

export interface GoBuild {
  name: string;
  moduleDir: string;
  outDir: string;
  /** Packages to build; each binary is named after its package path's last element. */
  packages: string[];
  ldflags: string;
  outputs: string[];
  /** Cross-compile target (default: this machine's). */
  goarch?: 'amd64' | 'arm64';
  /** Said before a build starts, e.g. how long a cold build takes. */
  note?: string;
  /** Binaries renamed after the build: package name -> output name. */
  renames?: Array<[string, string]>;
}

/** The version stamps Kubernetes' own release builds link in. */
export function versionFlags(v: string): string {
  const [major, minor] = v.replace(/^v/, '').split('.');
  return [
    `-X k8s.io/component-base/version.gitVersion=${v}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minor}`,
    `-X k8s.io/component-base/version.gitTreeState=clean`,
    `-X k8s.io/client-go/pkg/version.gitVersion=${v}`,
  ].join(' ');
}

export const goVersion = (): string => run('go', ['env', 'GOVERSION']).trim();

/** Content hash of a Go module's sources (paths relative to the module), after `extra`. */
export function moduleStamp(moduleDir: string, extra: string): string {
  const h = createHash('sha256').update(`${extra}\n`);
  for (const f of readdirSync(moduleDir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (/\.(go|mod|sum)$/.test(f)) h.update(`${f}\n`).update(readFileSync(join(moduleDir, f)));
  }
  return h.digest('hex');
}

function stampOf(b: GoBuild, go: string): string {
  // GOARCH enters the stamp only for cross builds, so native stamps stay what they were.
  const arch = b.goarch ? `GOARCH=${b.goarch}\n` : '';
  return moduleStamp(b.moduleDir, `${go}\n${arch}${b.ldflags}\n${b.packages.join(' ')}`);
}

/**
 * Builds into outDir.tmp and swaps it in for outDir, unless outDir's stamp
 * already matches and holds every output; returns whether it built.
 */
export function buildStamped(name: string, outDir: string, stamp: string, outputs: string[], build: (tmp: string) => void): boolean {
  const stampFile = join(outDir, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp && outputs.every((o) => existsSync(join(outDir, o)))) return false;
  const tmp = `${outDir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  build(tmp);
  for (const o of outputs) {
    if (!existsSync(join(tmp, o))) throw new Error(`${name}: build produced no ${o} in ${tmp}`);
  }
  writeFileSync(join(tmp, '.stamp'), `${stamp}\n`);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  return true;
}

/** Builds each Go build that is missing or stale (static, CGO_ENABLED=0); returns the names it built. */
export function ensureGoBuilds(builds: GoBuild[], log: (m: string) => void): string[] {
  const go = goVersion();
  const built: string[] = [];
  for (const b of builds) {
    const started = Date.now();
    const did = buildStamped(b.name, b.outDir, stampOf(b, go), b.outputs, (tmp) => {
      log(`building ${b.name} (static, CGO_ENABLED=0) into ${b.outDir}${b.note ? `; ${b.note}` : ''}`);
      // `go build -o dir/ pkg...` names each binary after its package path's last element.
      runVisible('go', ['build', '-trimpath', '-ldflags', b.ldflags, '-o', `${tmp}/`, ...b.packages], {
        cwd: b.moduleDir,
        env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly', ...(b.goarch ? { GOOS: 'linux', GOARCH: b.goarch } : {}) },
      });
      for (const [from, to] of b.renames ?? []) renameSync(join(tmp, from), join(tmp, to));
    });
    if (!did) continue;
    log(`built ${b.name} in ${Math.round((Date.now() - started) / 1000)} s`);
    built.push(b.name);
  }
  return built;
}

/** A static C program (pause): stamped by its source and flags, like the Go builds. */
export interface CBuild { name: string; source: string; outDir: string; output: string; compiler: string; flags: string[]; before?: () => void }

export function ensureCBuild(c: CBuild, log: (m: string) => void): boolean {
  const stamp = createHash('sha256').update(`${c.compiler === 'cc' ? '' : `${c.compiler} `}${c.flags.join(' ')}\n`).update(readFileSync(c.source)).digest('hex');
  return buildStamped(c.name, c.outDir, stamp, [c.output], (tmp) => {
    c.before?.();
    log(`building ${c.name} (static C) into ${c.outDir}`);
    runVisible(c.compiler, [...c.flags, '-o', join(tmp, c.output), c.source]);
  });
}
