import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { bootstrapKubeconfig, cniConfig, containerdConfig, defaultPodCidr, kubeletConfig, kubeletFlags, type NodeSettings } from './configs';

const s: NodeSettings = { nodeName: 'd1', nodeIp: '10.213.0.10', controlPlane: 'edge-a', systemd: false, cgroupVersion: 1, swapOn: false, snapshotter: 'native', podCidr: '10.214.7.0/24', labels: { 'edgeplane.dev/site': 'a' }, resolvConf: '/etc/resolv.conf', restrictOomScoreAdj: false };

test('kubelet config: cgroupfs without systemd, failCgroupV1 false on v1, TLS bootstrap, rotation', () => {
  const k = parse(kubeletConfig(s)) as Record<string, unknown>;
  assert.equal(k.kind, 'KubeletConfiguration');
  assert.equal(k.cgroupDriver, 'cgroupfs');
  assert.equal(k.failCgroupV1, false);
  assert.equal(k.rotateCertificates, true);
  assert.equal(k.serverTLSBootstrap, true);
  assert.equal(k.resolvConf, '/etc/resolv.conf');
  const v2 = parse(kubeletConfig({ ...s, systemd: true, cgroupVersion: 2 })) as Record<string, unknown>;
  assert.equal(v2.cgroupDriver, 'systemd');
  assert.equal('failCgroupV1' in v2, false);
  assert.equal(kubeletConfig(s), kubeletConfig({ ...s }), 'stable output: a re-run writes nothing');
});

test('containerd: SystemdCgroup follows systemd, pause 3.10.1, private socket', () => {
  assert.match(containerdConfig(s), /SystemdCgroup = false/);
  assert.match(containerdConfig({ ...s, systemd: true }), /SystemdCgroup = true/);
  assert.match(containerdConfig(s), /sandbox_image = "registry\.k8s\.io\/pause:3\.10\.1"/);
  assert.match(containerdConfig(s), /snapshotter = "native"/);
});

test('containerd: restrict_oom_score_adj follows whether root may lower OOM scores, inside the CRI section', () => {
  assert.match(containerdConfig(s), /restrict_oom_score_adj = false/);
  const restricted = containerdConfig({ ...s, restrictOomScoreAdj: true });
  assert.match(restricted, /restrict_oom_score_adj = true/);
  // A key after a sub-table header would belong to that table, not to the CRI plugin.
  const section = restricted.slice(restricted.indexOf('[plugins."io.containerd.grpc.v1.cri"]'), restricted.indexOf('[plugins."io.containerd.grpc.v1.cri".containerd]'));
  assert.match(section, /restrict_oom_score_adj = true/);
});

test('CNI: bridge + host-local in the device subnet, masquerade, portmap', () => {
  const c = JSON.parse(cniConfig(s)) as { plugins: Array<{ type: string; ipMasq?: boolean; ipam?: { ranges: Array<Array<{ subnet: string; gateway: string }>> } }> };
  assert.equal(c.plugins[0]?.type, 'bridge');
  assert.equal(c.plugins[0]?.ipMasq, true);
  assert.deepEqual(c.plugins[0]?.ipam?.ranges[0]?.[0], { subnet: '10.214.7.0/24', gateway: '10.214.7.1' });
  assert.equal(c.plugins[1]?.type, 'portmap');
  assert.match(defaultPodCidr('d1'), /^10\.214\.\d+\.0\/24$/);
  assert.equal(defaultPodCidr('d1'), defaultPodCidr('d1'));
});

test('flags carry node name, IP and the device label', () => {
  const f = kubeletFlags(s).join(' ');
  assert.match(f, /--hostname-override=d1/);
  assert.match(f, /--node-ip=10\.213\.0\.10/);
  assert.match(f, /edgeplane\.dev\/device=d1/);
  assert.match(f, /edgeplane\.dev\/site=a/);
});

test('bootstrap kubeconfig pins the CA and holds the token', () => {
  const k = parse(bootstrapKubeconfig('https://10.213.0.1:31788', '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n', 'abcdef.0123456789abcdef')) as { clusters: Array<{ cluster: Record<string, string> }>; users: Array<{ user: { token: string } }> };
  assert.ok(k.clusters[0]?.cluster['certificate-authority-data']);
  assert.equal(k.clusters[0]?.cluster['insecure-skip-tls-verify'], undefined);
  assert.equal(k.users[0]?.user.token, 'abcdef.0123456789abcdef');
});
