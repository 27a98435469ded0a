import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commands } from '../constants';
import { plainL10n } from '../tree/l10nTypes';
import { FakeFleet } from '../../../test/support/fakeFleet';
import { statusFor } from './statusText';

const fleet = new FakeFleet({ nodesPerControlPlane: 4 });
const cp = fleet.controlPlane('seed-0/edge-0');
assert.ok(cp);

test('connected: pass icon, name and latency, click opens connectivity', () => {
  const s = statusFor(cp.id, { ...cp, connection: { state: 'connected', latencyMs: 12 } }, plainL10n);
  assert.equal(s.text, '$(pass-filled) edge-0 12 ms');
  assert.equal(s.background, undefined);
  assert.equal(s.command, commands.showConnectivity);
});

test('degraded gets the warning background, unreachable the error background', () => {
  const d = statusFor(cp.id, { ...cp, connection: { state: 'degraded', latencyMs: 900, reason: 'slow' } }, plainL10n);
  assert.equal(d.background, 'warning');
  assert.match(d.tooltip, /Reason: slow/);
  const u = statusFor(cp.id, { ...cp, connection: { state: 'unreachable', reason: 'connect ETIMEDOUT' } }, plainL10n);
  assert.equal(u.background, 'error');
  assert.equal(u.text, '$(error) edge-0 unreachable');
});

test('nothing selected, or the selection gone: the click chooses a control plane', () => {
  assert.equal(statusFor(undefined, undefined, plainL10n).command, commands.selectControlPlane);
  const gone = statusFor('seed-0/old', undefined, plainL10n);
  assert.equal(gone.text, '$(question) old (not found)');
  assert.equal(gone.command, commands.selectControlPlane);
});

test('the tooltip says how long ago the last probe was, as the panels do, not a UTC timestamp', () => {
  const now = Date.parse('2026-12-03T10:00:10Z');
  const s = statusFor(cp.id, { ...cp, connection: { state: 'connected', latencyMs: 3, probedAt: '2026-12-03T10:00:07Z' } }, plainL10n, now);
  assert.match(s.tooltip, /Last probe: 3s ago/);
  assert.doesNotMatch(s.tooltip, /2026-12-03T/);
  const fresh = statusFor(cp.id, { ...cp, connection: { state: 'connected', latencyMs: 3, probedAt: '2026-12-03T10:00:09.500Z' } }, plainL10n, now);
  assert.match(fresh.tooltip, /Last probe: just now/);
});
