import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { V1CertificateSigningRequest, V1Node } from '@kubernetes/client-node';
import { clientCsrProblem, clientSigner } from './clientCsr';
import { deviceIdAnnotation, deviceIdFor, nodeOwnerProblem, parseJoinRecord } from './identity';

const node = (annotations: Record<string, string> | undefined, ip: string): V1Node => ({
  metadata: { name: 'raspberrypi', annotations, creationTimestamp: new Date('2026-12-01T08:00:00Z') },
  status: { addresses: [{ type: 'InternalIP', address: ip }] },
});

test('a Node named like the device is its own only when the device ids match', () => {
  const mine = '0b7e6c1e-3f0a-4d51-9d1e-6b2a4f8c9e10';
  const theirs = '6a1f0c2d-7e3b-4a59-8c4d-2e1f0a9b8c7d';
  assert.equal(nodeOwnerProblem(undefined, mine, ['10.213.0.20']), undefined, 'no Node yet');
  assert.equal(nodeOwnerProblem(node({ [deviceIdAnnotation]: mine }, '10.213.0.20'), mine, ['10.213.0.20']), undefined);
  const p = nodeOwnerProblem(node({ [deviceIdAnnotation]: theirs }, '10.213.0.12'), mine, ['10.213.0.20']);
  assert.match(p ?? '', /another device \(10\.213\.0\.12, joined 2026-12-01 08:00 UTC\) is already joined as Node raspberrypi/);
  // Same address but another id: a different device now holds the address; still refused.
  assert.ok(nodeOwnerProblem(node({ [deviceIdAnnotation]: theirs }, '10.213.0.20'), mine, ['10.213.0.20']));
  // Joined before device ids existed: the address decides.
  assert.equal(nodeOwnerProblem(node(undefined, '10.213.0.20'), mine, ['10.213.0.20']), undefined);
  assert.ok(nodeOwnerProblem(node(undefined, '10.213.0.12'), mine, ['10.213.0.20']));
});

test('join records: the id is kept, a missing or malformed one is replaced', () => {
  const id = '0b7e6c1e-3f0a-4d51-9d1e-6b2a4f8c9e10';
  const rec = parseJoinRecord(Buffer.from(JSON.stringify({ nodeName: 'd1', controlPlane: 'cp', deviceId: id })).toString('base64'));
  assert.deepEqual(rec, { nodeName: 'd1', controlPlane: 'cp', deviceId: id });
  assert.equal(deviceIdFor(rec), id);
  assert.equal(parseJoinRecord(Buffer.from('{not json').toString('base64')), undefined);
  assert.equal(parseJoinRecord(undefined), undefined);
  assert.notEqual(deviceIdFor({ deviceId: '$(reboot)' }), '$(reboot)');
  assert.match(deviceIdFor(undefined), /^[0-9a-f-]{36}$/);
});

function csr(cn: string, o: string[], username: string, san?: string): V1CertificateSigningRequest {
  const d = mkdtempSync(join(tmpdir(), 'ep-ccsr-'));
  const subj = `${o.map((x) => `/O=${x}`).join('')}/CN=${cn}`;
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(d, 'k'), '-out', join(d, 'r'), '-subj', subj, ...(san ? ['-addext', `subjectAltName=${san}`] : [])], { stdio: 'ignore' });
  return { spec: { request: Buffer.from(readFileSync(join(d, 'r'), 'utf8')).toString('base64'), signerName: clientSigner, username } };
}

test('client CSRs: only the bootstrapping device\'s own node name, from its own token', () => {
  assert.equal(clientCsrProblem(csr('system:node:d1', ['system:nodes'], 'system:bootstrap:abc123'), 'd1', 'abc123'), undefined);
  assert.match(clientCsrProblem(csr('system:node:dev-a', ['system:nodes'], 'system:bootstrap:abc123'), 'd1', 'abc123') ?? '', /asks for system:node:dev-a, not system:node:d1/);
  assert.match(clientCsrProblem(csr('system:node:d1', ['system:nodes'], 'system:bootstrap:zzz999'), 'd1', 'abc123') ?? '', /not by this device's bootstrap token/);
  assert.match(clientCsrProblem(csr('system:node:d1', ['system:nodes', 'system:masters'], 'system:bootstrap:abc123'), 'd1', 'abc123') ?? '', /system:masters/);
  assert.match(clientCsrProblem(csr('system:node:d1', ['system:nodes'], 'system:bootstrap:abc123', 'DNS:kubernetes'), 'd1', 'abc123') ?? '', /no host/);
});
