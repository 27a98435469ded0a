import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeVersion, versionFromSetting, versionProblem } from './versionChoice';

const l10n = { t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_, i: string) => String(a[Number(i)])) };
const supported = ['v1.35.4'];

test('a version without "v" is the same version', () => {
  assert.equal(normalizeVersion(' 1.35.4 '), 'v1.35.4');
  assert.equal(versionProblem('1.35.4', supported, l10n), undefined);
  assert.deepEqual(versionFromSetting('1.35.4', supported, l10n), { version: 'v1.35.4' });
});

test('an unsupported version says what is wrong and what is allowed', () => {
  assert.equal(versionProblem('1.99.0', supported, l10n), 'Kubernetes 1.99.0 is not one Edgeplane can create. Choose one of: v1.35.4.');
  const r = versionFromSetting('1.99.0', supported, l10n);
  assert.equal(r.version, 'v1.35.4');
  assert.match(r.warning ?? '', /edgeplane\.kubernetesVersion is "1\.99\.0".*supports v1\.35\.4/);
  assert.deepEqual(versionFromSetting(undefined, supported, l10n), { version: 'v1.35.4' });
});
