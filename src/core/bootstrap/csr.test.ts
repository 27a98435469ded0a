import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCsrNames, servingCsrProblem } from './csr';

function ecCsr(cn: string, san: string): string {
  const d = mkdtempSync(join(tmpdir(), 'ep-csr-'));
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(d, 'k'), '-out', join(d, 'r'), '-subj', `/O=system:nodes/CN=${cn}`, '-addext', `subjectAltName=${san}`], { stdio: 'ignore' });
  return readFileSync(join(d, 'r'), 'utf8');
}

test('reads CN, O, DNS and IP SANs of an ECDSA CSR (as kubelets make)', () => {
  const n = parseCsrNames(ecCsr('system:node:d1', 'DNS:d1,IP:10.213.0.10'));
  assert.equal(n.commonName, 'system:node:d1');
  assert.deepEqual(n.organizations, ['system:nodes']);
  assert.deepEqual(n.dnsNames, ['d1']);
  assert.deepEqual(n.ipAddresses, ['10.213.0.10']);
});

test('approves only the device\'s own names', () => {
  const ok = parseCsrNames(ecCsr('system:node:d1', 'DNS:d1,IP:10.213.0.10'));
  assert.equal(servingCsrProblem(ok, 'system:node:d1', 'd1', ['d1'], ['10.213.0.10']), undefined);
  assert.match(servingCsrProblem(ok, 'system:node:d2', 'd1', ['d1'], ['10.213.0.10']) ?? '', /requested by system:node:d2/);
  const evil = parseCsrNames(ecCsr('system:node:d1', 'DNS:d1,DNS:kubernetes.default,IP:10.213.0.10'));
  assert.match(servingCsrProblem(evil, 'system:node:d1', 'd1', ['d1'], ['10.213.0.10']) ?? '', /kubernetes.default/);
  const ip = parseCsrNames(ecCsr('system:node:d1', 'DNS:d1,IP:10.0.0.1'));
  assert.match(servingCsrProblem(ip, 'system:node:d1', 'd1', ['d1'], ['10.213.0.10']) ?? '', /10\.0\.0\.1/);
});
