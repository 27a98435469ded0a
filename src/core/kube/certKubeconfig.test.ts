import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caPem, certPem, keyPem, kubeconfigWith } from '../../../test/unit/hostile/fixtures';
import { UserFacingError } from '../errors';
import { certCredentialsOf, kubeConfigFromCredentials, parseCertKubeconfig } from './certKubeconfig';

test('a certificate-only kubeconfig yields its server, CA, certificate and key', () => {
  const c = parseCertKubeconfig(kubeconfigWith());
  assert.deepEqual(c, { server: 'https://10.0.0.1:31000', caPem, certPem, keyPem });
});

test('the client built from it has Edgeplane\'s names, the CA and the certificate, and nothing to run', () => {
  const kc = kubeConfigFromCredentials(parseCertKubeconfig(kubeconfigWith()), { cluster: 'edgeplane-lab-a', user: 'edgeplane-lab-a-admin', context: 'edgeplane-lab-a' });
  assert.equal(kc.getCurrentContext(), 'edgeplane-lab-a');
  assert.equal(kc.getCurrentUser()?.name, 'edgeplane-lab-a-admin');
  assert.equal(kc.getCurrentUser()?.exec, undefined);
  assert.equal(kc.getCurrentUser()?.authProvider, undefined);
  assert.equal(kc.getCurrentCluster()?.skipTLSVerify, false);
  assert.equal(Buffer.from(kc.getCurrentCluster()!.caData!, 'base64').toString(), caPem);
});

test('a refusal names what was read and why, and says what to do', () => {
  const text = kubeconfigWith({ user: { exec: { command: 'sh' } } });
  assert.throws(() => certCredentialsOf(text, 'The admin kubeconfig of control plane "a"', 'Run create again.'), (err: unknown) => {
    assert.ok(err instanceof UserFacingError);
    assert.equal(err.code, 'kubeconfig-refused');
    assert.equal(err.display, 'The admin kubeconfig of control plane "a" was refused: its user carries "exec" (an exec plugin (a command this machine would run)), which Edgeplane never uses from a stored kubeconfig. Run create again.');
    return true;
  });
});
