import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleInputs, bundleName } from './bundle';

test('bundle name and contents cover what a device needs', () => {
  assert.equal(bundleName('v1.35.4'), 'edgeplane-node-v1.35.4-linux-amd64.tar.gz');
  const names = bundleInputs('v1.35.4').map(([dst]) => dst);
  for (const want of ['bin/kubelet', 'bin/containerd', 'bin/containerd-shim-runc-v2', 'bin/ctr', 'bin/runc', 'cni/bridge', 'cni/host-local', 'cni/loopback', 'cni/portmap', 'images/pause.tar']) {
    assert.ok(names.includes(want), want);
  }
  assert.ok(bundleInputs('v1.35.4')[0]?.[1].includes('v1.35.4'));
});
