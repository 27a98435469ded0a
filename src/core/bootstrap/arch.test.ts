import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import { deviceArch, pickArtifacts, unsupportedArch } from './arch';
import type { ArtifactSource } from './types';

test('uname -m picks the bundle: aarch64/arm64 -> arm64, x86_64 -> amd64, 32-bit ARM none', () => {
  assert.equal(deviceArch('aarch64'), 'arm64');
  assert.equal(deviceArch('arm64'), 'arm64');
  assert.equal(deviceArch('x86_64\n'), 'amd64');
  assert.equal(deviceArch('armv7l'), undefined);
  assert.equal(deviceArch('armv6l'), undefined);
  assert.match(unsupportedArch('armv7l').hint, /64-bit OS/);
});

test('the source for the device\'s arch is used; a missing one says how to build it', () => {
  const amd: ArtifactSource = { kind: 'bundle', path: '/b/edgeplane-node-v1.35.4-linux-amd64.tar.gz', sha256: 'a'.repeat(64) };
  const arm: ArtifactSource = { kind: 'bundle', path: '/b/edgeplane-node-v1.35.4-linux-arm64.tar.gz', sha256: 'b'.repeat(64), arch: 'arm64' };
  assert.equal(pickArtifacts([amd, arm], 'arm64', 'pi'), arm);
  assert.equal(pickArtifacts([amd, arm], 'amd64', 'pc'), amd);
  assert.equal(pickArtifacts(amd, 'amd64', 'pc'), amd);
  assert.throws(() => pickArtifacts(amd, 'arm64', 'pi'), (e: unknown) => e instanceof UserFacingError && /pi: the device is linux-arm64 .*have: linux-amd64/.test(e.display) && /npm run bundle -- --arch arm64/.test(e.display));
});
