import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleInputs, bundleName } from './bundle';

test('bundle name and contents cover what a device needs', () => {
  assert.equal(bundleName('v1.35.4'), 'edgeplane-node-v1.35.4-linux-amd64.tar.gz');
  const names = bundleInputs('v1.35.4').map(([dst]) => dst);
  for (const want of ['bin/kubelet', 'bin/konnectivity-agent', 'bin/containerd', 'bin/containerd-shim-runc-v2', 'bin/ctr', 'bin/runc', 'cni/bridge', 'cni/host-local', 'cni/loopback', 'cni/portmap', 'images/pause.tar']) {
    assert.ok(names.includes(want), want);
  }
  assert.ok(bundleInputs('v1.35.4')[0]?.[1].includes('v1.35.4'));
});

test('the linux-arm64 bundle has the same contents, from the arm64 builds and Debian\'s arm64 packages', () => {
  assert.equal(bundleName('v1.35.4', 'arm64'), 'edgeplane-node-v1.35.4-linux-arm64.tar.gz');
  const amd = bundleInputs('v1.35.4', 'amd64');
  const arm = bundleInputs('v1.35.4', 'arm64');
  assert.deepEqual(arm.map(([dst]) => dst), amd.map(([dst]) => dst).filter((d) => d !== 'images/busybox.tar'));
  for (const [dst, src] of arm) {
    assert.notEqual(src, amd.find(([d]) => d === dst)?.[1], `${dst} comes from an arm64 source`);
    assert.match(src, /arm64/, `${dst}: ${src}`);
  }
});
