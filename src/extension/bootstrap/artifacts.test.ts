import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainL10n as l } from '../tree/l10nTypes';
import { artifactsFrom } from './artifacts';

const sum = 'a'.repeat(64);
const none = { bundlePath: '', mirrorUrl: '', mirrorSha256: '' };

test('a bundle takes its checksum from the .sha256 file beside it', () => {
  const r = artifactsFrom({ ...none, bundlePath: '/b/node.tar.gz' }, (f) => (f === '/b/node.tar.gz.sha256' ? `${sum}  node.tar.gz\n` : undefined), l);
  assert.deepEqual(r, { ok: true, source: { kind: 'bundle', path: '/b/node.tar.gz', sha256: sum } });
});

test('a bundle without a readable checksum is refused with what to do', () => {
  const r = artifactsFrom({ ...none, bundlePath: '/b/x.tgz' }, () => undefined, l);
  assert.ok(!r.ok && /sha256sum \/b\/x\.tgz/.test(r.problem));
  const bad = artifactsFrom({ ...none, bundlePath: '/b/x.tgz' }, () => 'nope', l);
  assert.ok(!bad.ok && !bad.missingBundle);
});

test('a mirror needs a URL and a SHA-256; nothing configured asks for a bundle', () => {
  assert.ok(!artifactsFrom({ ...none, mirrorUrl: 'ftp://x' }, () => undefined, l).ok);
  assert.ok(!artifactsFrom({ ...none, mirrorUrl: 'https://m/x.tgz' }, () => undefined, l).ok);
  const ok = artifactsFrom({ ...none, mirrorUrl: 'https://m/x.tgz', mirrorSha256: sum.toUpperCase() }, () => undefined, l);
  assert.deepEqual(ok, { ok: true, source: { kind: 'mirror', url: 'https://m/x.tgz', sha256: sum } });
  const empty = artifactsFrom(none, () => undefined, l);
  assert.ok(!empty.ok && empty.missingBundle);
});
