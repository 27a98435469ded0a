// A real container registry (CNCF distribution v3.1.2, built from lab/build/registry)
// on a loopback port with its storage in a temp dir, for tests of `npm run image -- --push`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from '../config';
import { runVisible, run } from '../util/run';
import { buildStamped } from '../../components/build/goBuild';

const moduleDir = new URL('./registry', import.meta.url).pathname;
const outDir = join(cacheDir, 'bin', 'registry-v3.1.2');

/** Builds the registry once (stamped like the lab's other Go builds); returns its path. */
export function ensureRegistryBin(log: (m: string) => void): string {
  const h = createHash('sha256').update(`${run('go', ['env', 'GOVERSION']).trim()}\n`);
  for (const f of readdirSync(moduleDir).sort()) if (/\.(go|mod|sum)$/.test(f)) h.update(f).update(readFileSync(join(moduleDir, f)));
  buildStamped('registry', outDir, h.digest('hex'), ['registry'], (tmp) => {
    log(`building the distribution registry into ${outDir}`);
    runVisible('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', join(tmp, 'registry'), '.'], {
      cwd: moduleDir,
      env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' },
    });
  });
  return join(outDir, 'registry');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface TestRegistry { address: string; stop(): void }

/** Starts the registry on 127.0.0.1:<free port>; waits until /v2/ answers. */
export async function startTestRegistry(log: (m: string) => void): Promise<TestRegistry> {
  const bin = ensureRegistryBin(log);
  const dir = mkdtempSync(join(tmpdir(), 'edgeplane-registry-'));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  writeFileSync(config, `version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: ${join(dir, 'data')}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
`);
  const child: ChildProcess = spawn(bin, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr = `${stderr}${d.toString()}`.slice(-4000); });
  const stop = (): void => {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  const address = `127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://${address}/v2/`);
      if (r.status === 200) return { address, stop };
    } catch { /* not up yet */ }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`the test registry did not answer on ${address}: ${stderr}`);
}
