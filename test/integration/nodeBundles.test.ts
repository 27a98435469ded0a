// The node bundles a device is bootstrapped from hold binaries for its CPU: every
// executable in the linux-arm64 bundle is an aarch64 ELF, every one in the
// linux-amd64 bundle an x86-64 ELF, the pause inside each bundle's image too. The
// arm64 parts are cross-built once and cached (a cold kubelet build takes 10-20 min).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureNodeBundle } from '../../components/bundle';
import { kubernetesVersion } from '../../lab/config';

const machines = { amd64: 0x3e, arm64: 0xb7 } as const;
const machineName: Record<number, string> = { 0x3e: 'x86-64', 0xb7: 'aarch64', 0x03: 'i386', 0x28: 'arm' };

/** e_machine of a 64-bit little-endian ELF file (the header's bytes 18-19), or a reason it is not one. */
function elfMachine(file: string): number | string {
  const b = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, b, 0, 20, 0) < 20) return 'shorter than an ELF header';
  } finally {
    closeSync(fd);
  }
  if (b.readUInt32BE(0) !== 0x7f454c46) return 'not an ELF file';
  if (b[4] !== 2) return 'not a 64-bit ELF';
  if (b[5] !== 1) return 'not little-endian';
  return b.readUInt16LE(18);
}

function untar(archive: string, dir: string): void {
  const r = spawnSync('tar', ['-xf', archive, '-C', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

const work = mkdtempSync(join(tmpdir(), 'edgeplane-bundles-'));
after(() => rmSync(work, { recursive: true, force: true }));
const log = (m: string): void => console.log(`bundle: ${m}`);

for (const arch of ['amd64', 'arm64'] as const) {
  describe(`the linux-${arch} node bundle`, () => {
    const dir = join(work, arch);
    let bundlePath = '';

    it('builds (or is already built) under its name', async () => {
      const b = await ensureNodeBundle(kubernetesVersion, { arch, log });
      bundlePath = b.path;
      assert.match(b.path, new RegExp(`edgeplane-node-${kubernetesVersion}-linux-${arch}\\.tar\\.gz$`));
      assert.equal(readFileSync(`${b.path}.sha256`, 'utf8').split(/\s/)[0], b.sha256);
    });

    it(`holds only ${arch === 'arm64' ? 'aarch64' : 'x86-64'} executables`, () => {
      spawnSync('mkdir', ['-p', dir]);
      untar(bundlePath, dir);
      const files = ['bin', 'cni'].flatMap((d) => readdirSync(join(dir, d)).map((f) => `${d}/${f}`));
      assert.ok(files.includes('bin/kubelet') && files.includes('bin/containerd') && files.includes('cni/bridge'), files.join(' '));
      const wrong = files
        .map((f) => [f, elfMachine(join(dir, f))] as const)
        .filter(([, m]) => m !== machines[arch])
        .map(([f, m]) => `${f}: ${typeof m === 'number' ? machineName[m] ?? `machine 0x${m.toString(16)}` : m}`);
      assert.deepEqual(wrong, []);
    });

    it('carries a pause image for the same architecture', () => {
      const img = join(dir, 'pause-image');
      spawnSync('mkdir', ['-p', img]);
      untar(join(dir, 'images', 'pause.tar'), img);
      const index = JSON.parse(readFileSync(join(img, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
      const blob = (d: string): string => join(img, 'blobs', 'sha256', d.replace(/^sha256:/, ''));
      const manifest = JSON.parse(readFileSync(blob(index.manifests[0]?.digest ?? ''), 'utf8')) as { config: { digest: string }; layers: Array<{ digest: string }> };
      assert.equal((JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8')) as { architecture: string }).architecture, arch);
      const rootfs = join(img, 'rootfs');
      spawnSync('mkdir', ['-p', rootfs]);
      untar(blob(manifest.layers[0]?.digest ?? ''), rootfs);
      assert.equal(elfMachine(join(rootfs, 'pause')), machines[arch]);
    });

    // With qemu-user-static registered in binfmt_misc, this x86_64 machine runs arm64 binaries.
    const emulated = arch === 'arm64' && existsSync('/proc/sys/fs/binfmt_misc/qemu-aarch64');
    it('runs: kubelet --version names the pinned release', { skip: arch === 'arm64' && !emulated ? 'no qemu-aarch64 in binfmt_misc' : false }, () => {
      const r = spawnSync(join(dir, 'bin', 'kubelet'), ['--version'], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.stdout.trim(), `Kubernetes ${kubernetesVersion}`, r.stderr);
    });
  });
}
