import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { after, before, test } from 'node:test';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { generateEcKeyPair, issueCertificate } from '../pki/x509';
import { apiClient } from './apiClient';

// An apiserver stand-in that names the client certificate it was shown, and a
// kubeconfig that authenticates with one (as the lab's and Edgeplane's do).
let server: https.Server;
let kc: KubeConfig;

before(async () => {
  const caKey = await generateEcKeyPair();
  const ca = issueCertificate({ commonName: 'test-ca', usage: 'ca', publicKeyPem: caKey.publicKeyPem, validityDays: 1 }, { selfSignedWith: caKey.privateKeyPem });
  const signer = { certPem: ca, privateKeyPem: caKey.privateKeyPem };
  const serverKey = await generateEcKeyPair();
  const serverCert = issueCertificate({ commonName: 'apiserver', usage: 'server', ips: ['127.0.0.1'], publicKeyPem: serverKey.publicKeyPem, validityDays: 1 }, signer);
  const clientKey = await generateEcKeyPair();
  const clientCert = issueCertificate({ commonName: 'edge-admin', organizations: ['system:masters'], usage: 'client', publicKeyPem: clientKey.publicKeyPem, validityDays: 1 }, signer);
  server = https.createServer({ key: serverKey.privateKeyPem, cert: serverCert, ca, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const cn = (req.socket as TLSSocket).getPeerCertificate()?.subject?.CN;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ major: '1', minor: '35', gitVersion: cn ? `user:${cn}` : 'system:anonymous' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caData: b64(ca), skipTLSVerify: false }],
    users: [{ name: 'u', certData: b64(clientCert), keyData: b64(clientKey.privateKeyPem) }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
});

after(() => server.close());

/**
 * What VS Code's "http.proxySupport": "override" does to a request to a non-localhost host
 * with no proxy configured (@vscode/proxy-agent's createHttpPatch): the caller's agent goes,
 * a default agent connects with the request's own options.
 */
async function withAgentSwapped<T>(fn: () => Promise<T>): Promise<T> {
  const original = https.request;
  const swapped = ((...args: unknown[]) => {
    // request(options, cb) or request(url, options, cb), as VS Code's patch handles both.
    const i = typeof args[0] === 'string' || args[0] instanceof URL ? 1 : 0;
    // It keeps the CA of the replaced agent (options.ca = originalCa), nothing else of it.
    const o = args[i] as https.RequestOptions;
    const agentCa = o.agent instanceof https.Agent ? (o.agent as https.Agent & { options: https.AgentOptions }).options.ca : undefined;
    args[i] = { ...o, ca: o.ca ?? agentCa, agent: new https.Agent() };
    return (original as (...a: unknown[]) => unknown)(...args);
  }) as typeof https.request;
  https.request = swapped;
  try {
    return await fn();
  } finally {
    https.request = original;
  }
}

test('API requests authenticate with the kubeconfig client certificate', async () => {
  const v = await apiClient(kc, VersionApi).getCode();
  assert.equal(v.gitVersion, 'user:edge-admin');
});

test('the client certificate survives an agent swapped out the way VS Code\'s proxy support does', async () => {
  const v = await withAgentSwapped(() => apiClient(kc, VersionApi).getCode());
  assert.equal(v.gitVersion, 'user:edge-admin');
  // client-node's own client, under the same swap, is anonymous: what apiClient exists for.
  // eslint-disable-next-line no-restricted-syntax
  const plain = await withAgentSwapped(() => kc.makeApiClient(VersionApi).getCode());
  assert.equal(plain.gitVersion, 'system:anonymous');
});

test('a refused connection names the URL and the socket error', async () => {
  const dead = new KubeConfig();
  dead.loadFromOptions({ clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  await assert.rejects(apiClient(dead, VersionApi).getCode(), (e: Error & { cause?: { code?: string } }) => {
    assert.match(e.message, /request to https:\/\/127\.0\.0\.1:1\/version\/? failed, reason: connect ECONNREFUSED/);
    assert.equal(e.cause?.code, 'ECONNREFUSED');
    return true;
  });
});
