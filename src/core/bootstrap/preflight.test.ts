import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import { evaluatePreflight, parseFacts, type DeviceFacts, type PreflightInput } from './preflight';

const out = `os=Debian GNU/Linux 12 (bookworm)
arch=x86_64
kernel=6.1.0-30-amd64
hostname=d1
cgroup=1
controllers=blkio cpu cpuacct cpuset devices freezer memory pids unified
memtotal=25165824000
memlimits= 9223372036854771712 268435456
diskfree=70000000000
swap=0
listen=0016 1F40
systemd=0
overlay=1
epoch=1764050000
routesrc=10.213.0.10
addresses=10.213.0.10 
api=1
iptables=1
resolvconf=/etc/resolv.conf
apiaddr=10.213.0.1
oomlower=1
nsmissing=
`;

const base = (over: Partial<DeviceFacts> = {}): DeviceFacts => ({ ...parseFacts(out), ...over });
const ok = { device: 'd1', minMemoryMiB: 192, apiServer: 'https://10.213.0.1:31788', apiEpoch: 1764050003 };

test('facts: memory is min(MemTotal, cgroup limit); "unlimited" ignored; ports decoded', () => {
  const f = parseFacts(out);
  assert.equal(f.memoryBytes, 268435456);
  assert.equal(f.cgroupMemLimitBytes, 268435456);
  assert.deepEqual(f.listening, [22, 8000]);
  assert.equal(f.cgroupVersion, 1);
  assert.equal(f.systemd, false);
  assert.equal(f.overlay, true);
  assert.equal(f.ourKubeletRunning, false);
  assert.equal(parseFacts(out.replace(' 268435456', '')).memoryBytes, 25165824000);
  assert.equal(parseFacts(out.replace('memlimits= 9223372036854771712 268435456', 'memlimits= max')).memoryBytes, 25165824000);
});

test('a healthy device passes with the cgroup v1 warning only', () => {
  const w = evaluatePreflight({ ...ok, facts: base() });
  assert.equal(w.length, 1);
  assert.match(w[0] ?? '', /cgroup v1/);
});

function refused(facts: DeviceFacts, code: string, re: RegExp, extra: Partial<PreflightInput> = {}): void {
  assert.throws(() => evaluatePreflight({ ...ok, ...extra, facts }), (e: unknown) => {
    assert.ok(e instanceof UserFacingError);
    assert.equal(e.code, `preflight-${code}`);
    assert.match(e.display, re);
    return true;
  });
}

test('clear refusals', () => {
  refused(base({ memoryBytes: 128 * 2 ** 20, cgroupMemLimitBytes: 128 * 2 ** 20 }), 'memory', /only 128 MiB of memory \(cgroup limit 128 MiB, MemTotal \d+ MiB\); .* at least 192 MiB.*Nothing was installed/);
  refused(base({ arch: 'armv7l' }), 'arch', /armv7l is 32-bit ARM.*64-bit OS/);
  refused(base({ arch: 'riscv64' }), 'arch', /riscv64 is not supported/);
  refused(base({ arch: 'aarch64' }), 'arch', /aarch64 \(linux-arm64\) and no linux-arm64 node bundle .*npm run bundle -- --arch arm64/, { bundleArchs: ['amd64'] });
  refused(base({ kernel: '4.9.0' }), 'kernel', /4\.9\.0/);
  refused(base({ listening: [22, 10250] }), 'ports', /10250/);
  refused(base({ foreignKubelet: true }), 'foreign-kubelet', /not installed by Edgeplane/);
  refused(base({ apiReachable: false }), 'apiserver-unreachable', /31788/);
  refused(base({ diskFreeBytes: 100 * 2 ** 20 }), 'disk', /100 MiB free/);
  refused(base({ cgroupControllers: ['cpu'] }), 'cgroups', /memory/);
  refused(base(), 'clock', /600 s off/, { apiEpoch: 1764050600 });
});

test('arm64 boards (aarch64) and x86_64 machines pass when a bundle for them is configured', () => {
  assert.doesNotThrow(() => evaluatePreflight({ ...ok, facts: base({ arch: 'aarch64' }), bundleArchs: ['amd64', 'arm64'] }));
  assert.doesNotThrow(() => evaluatePreflight({ ...ok, facts: base({ arch: 'x86_64' }), bundleArchs: ['amd64'] }));
});

test('our own running kubelet on 10250 is converged, not refused; swap and skew warn', () => {
  const w = evaluatePreflight({ ...ok, apiEpoch: 1764050030, facts: base({ listening: [10248, 10250], ourKubeletRunning: true, swapOn: true }) });
  assert.ok(w.some((x) => /swap/.test(x)));
  assert.ok(w.some((x) => /30 s off/.test(x)));
});

test('facts: OOM-score capability and missing namespaces are read', () => {
  const f = parseFacts(out);
  assert.equal(f.canLowerOomScore, true);
  assert.deepEqual(f.missingNamespaces, []);
  const g = parseFacts(out.replace('oomlower=1', 'oomlower=0').replace('nsmissing=', 'nsmissing= pid uts'));
  assert.equal(g.canLowerOomScore, false);
  assert.deepEqual(g.missingNamespaces, ['pid', 'uts']);
});

test('preflight: without CAP_SYS_RESOURCE it warns and goes on; missing controllers or namespaces are refused by name', () => {
  const w = evaluatePreflight({ ...ok, facts: base({ canLowerOomScore: false }) });
  assert.ok(w.some((x) => /oom_score_adj.*restrict_oom_score_adj/.test(x)), w.join('\n'));
  assert.throws(() => evaluatePreflight({ ...ok, facts: base({ cgroupControllers: ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids'] }) }), (e: unknown) => e instanceof UserFacingError && e.code === 'preflight-cgroups' && /devices, freezer/.test(e.message));
  // A combined v1 mount ("cpu,cpuacct") provides both.
  assert.doesNotThrow(() => evaluatePreflight({ ...ok, facts: base({ cgroupControllers: ['cpu,cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'pids'] }) }));
  assert.throws(() => evaluatePreflight({ ...ok, facts: base({ cgroupVersion: 2, cgroupControllers: ['cpu', 'memory'] }) }), (e: unknown) => e instanceof UserFacingError && /pids/.test(e.message));
  assert.throws(() => evaluatePreflight({ ...ok, facts: base({ missingNamespaces: ['pid'] }) }), (e: unknown) => e instanceof UserFacingError && e.code === 'preflight-namespaces' && /pid namespace/.test(e.message));
  assert.throws(() => evaluatePreflight({ ...ok, facts: base({ apiAddress: undefined }) }), (e: unknown) => e instanceof UserFacingError && e.code === 'preflight-apiserver-name');
});
