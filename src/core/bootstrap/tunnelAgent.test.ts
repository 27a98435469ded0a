import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentFlags, needsNewToken, parseTokenRecord } from './tunnelAgent';

const server = { host: '10.213.0.1', port: 31234, kind: 'ipv4' as const };

test('the agent announces its node IP and name, dials the published port, and trusts the cluster CA', () => {
  const f = agentFlags({ nodeName: 't-dev1', nodeIp: '10.213.5.2', server, tunnelPort: 31999 });
  for (const want of ['--proxy-server-host=10.213.0.1', '--proxy-server-port=31999', '--agent-id=t-dev1', '--agent-identifiers=ipv4=10.213.5.2&host=t-dev1', '--ca-cert=/etc/kubernetes/pki/ca.crt', '--service-account-token-path=/etc/edgeplane/konnectivity-agent.token']) {
    assert.ok(f.includes(want), want);
  }
  assert.ok(agentFlags({ nodeName: 'n', nodeIp: 'fd00::5', server, tunnelPort: 1 }).includes('--agent-identifiers=ipv6=fd00::5&host=n'));
});

test('agent flags refuse what could change the command line', () => {
  assert.throws(() => agentFlags({ nodeName: 'n', nodeIp: '10.0.0.1; reboot', server, tunnelPort: 31999 }), /not an IP address/);
  assert.throws(() => agentFlags({ nodeName: 'n', nodeIp: '10.0.0.1', server, tunnelPort: 70000 }), /not a port/);
  assert.throws(() => agentFlags({ nodeName: 'n $(id)', nodeIp: '10.0.0.1', server, tunnelPort: 31999 }), /must not hold/);
});

test('a new token only when none is held, the Node was replaced, or it expires within 30 days', () => {
  const now = new Date('2026-12-03T00:00:00Z');
  const rec = { nodeUid: 'u1', expires: '2027-12-03T00:00:00Z' };
  assert.equal(needsNewToken(undefined, 'u1', now), true);
  assert.equal(needsNewToken(rec, 'u1', now), false);
  assert.equal(needsNewToken(rec, 'u2', now), true);
  assert.equal(needsNewToken({ nodeUid: 'u1', expires: '2026-12-20T00:00:00Z' }, 'u1', now), true);
  assert.equal(needsNewToken({ nodeUid: 'u1', expires: 'soon' }, 'u1', now), true);
  assert.deepEqual(parseTokenRecord(JSON.stringify(rec)), rec);
  assert.equal(parseTokenRecord('not json'), undefined);
  assert.equal(parseTokenRecord('{"nodeUid":1}'), undefined);
});
