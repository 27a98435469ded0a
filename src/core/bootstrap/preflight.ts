// Preflight: one read-only script gathers the device's facts, then pure
// checks turn them into clear refusals or warnings. Nothing is written on the
// device (the overlay probe uses a temp dir it removes).
import { UserFacingError } from '../errors';
import { shq } from '../ssh/exec';
import type { ApiAddress } from './apiAddress';
import { deviceArch, unsupportedArch } from './arch';
import { devicePaths as p } from './paths';
import type { NodeArch } from './types';

export interface DeviceFacts {
  os: string;
  arch: string;
  kernel: string;
  hostname: string;
  cgroupVersion: 1 | 2 | 0;
  cgroupControllers: string[];
  memTotalBytes: number;
  /** The cgroup limit the device runs under, when lower than "unlimited". */
  cgroupMemLimitBytes?: number;
  /** min(MemTotal, cgroup limit). */
  memoryBytes: number;
  diskFreeBytes: number;
  swapOn: boolean;
  /** TCP ports something listens on. */
  listening: number[];
  systemd: boolean;
  overlay: boolean;
  /** Seconds since the epoch on the device when the script ran. */
  epoch: number;
  /** Source address the device uses towards the apiserver. */
  routeSrc?: string;
  addresses: string[];
  apiReachable: boolean | undefined;
  ourKubeletRunning: boolean;
  ourInstallPresent: boolean;
  foreignKubelet: boolean;
  iptables: boolean;
  resolvConf: string;
  /** Whether root may lower a process's oom_score_adj (needs CAP_SYS_RESOURCE; LXC, rootless and sandboxed VMs lack it). */
  canLowerOomScore: boolean;
  /** Kernel namespaces a pod sandbox needs that /proc/self/ns lacks. */
  missingNamespaces: string[];
  /** The apiserver's address as the device resolved it (the host itself when it is an address). */
  apiAddress?: string;
  /** The device's join record (node.json), base64, when it has one. */
  joinRecord?: string;
}

/** Namespaces runc puts every pod sandbox in. */
export const sandboxNamespaces = ['ipc', 'mnt', 'net', 'pid', 'uts'] as const;

/**
 * Shell script (POSIX sh, run as root) printing key=value lines. The apiserver
 * address was validated by parseApiAddress and is quoted here; a DNS name is
 * resolved on the device, since that is where it must resolve.
 */
export function factsScript(api: ApiAddress): string {
  const resolve = api.kind === 'dns' ? `$(getent ahosts "$apihost" | awk 'NR==1 {print $1}')` : '"$apihost"';
  return `
exec 2>/dev/null
apihost=${shq(api.host)}
apiaddr=${resolve}
echo "apiaddr=$apiaddr"
echo "os=$(. /etc/os-release; echo "$PRETTY_NAME")"
echo "arch=$(uname -m)"
echo "kernel=$(uname -r)"
echo "hostname=$(hostname)"
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo cgroup=2; echo "controllers=$(cat /sys/fs/cgroup/cgroup.controllers)";
elif [ -d /sys/fs/cgroup/memory ]; then echo cgroup=1; echo "controllers=$(ls /sys/fs/cgroup | tr '\\n' ' ')"; else echo cgroup=0; fi
echo "memtotal=$(awk '/^MemTotal:/ {print $2*1024}' /proc/meminfo)"
lim=""
for f in /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max; do [ -r "$f" ] && lim="$lim $(cat $f)"; done
cg=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3} $1 == "0" && $2 == "" {print $3}' /proc/self/cgroup | head -n1)
for f in "/sys/fs/cgroup/memory$cg/memory.limit_in_bytes" "/sys/fs/cgroup$cg/memory.max"; do [ -r "$f" ] && lim="$lim $(cat "$f")"; done
echo "memlimits=$lim"
mkdir -p /var/lib 2>/dev/null; echo "diskfree=$(df -Pk /var/lib | awk 'NR==2 {print $4*1024}')"
echo "swap=$(awk 'NR>1' /proc/swaps | wc -l)"
echo "listen=$(cat /proc/net/tcp /proc/net/tcp6 | awk '$4 == "0A" {split($2,a,":"); print a[2]}' | sort -u | tr '\\n' ' ')"
[ -d /run/systemd/system ] && echo systemd=1 || echo systemd=0
grep -qw overlay /proc/filesystems && { t=$(mktemp -d); mkdir $t/l $t/u $t/w $t/m; mount -t overlay overlay -o lowerdir=$t/l,upperdir=$t/u,workdir=$t/w $t/m && umount $t/m && echo overlay=1; rm -rf $t; }
echo "epoch=$(date +%s)"
[ -n "$apiaddr" ] && echo "routesrc=$(ip -o route get "$apiaddr" | sed -n 's/.* src \\([^ ]*\\).*/\\1/p')"
echo "addresses=$(ip -o addr show scope global | awk '{split($4,a,"/"); print a[1]}' | tr '\\n' ' ')"
if [ -n "$apiaddr" ] && command -v bash >/dev/null; then timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/${api.port}"' _ "$apiaddr" && echo api=1 || echo api=0; fi
kp=$(cat ${p.runDir}/kubelet.pid); [ -n "$kp" ] && [ "$(readlink /proc/$kp/exe)" = "${p.binDir}/kubelet" ] && echo ourkubelet=1
[ -f ${p.bundleMarker} ] && echo ourinstall=1
[ -f /var/lib/kubelet/config.yaml ] && [ ! -f ${p.nodeFile} ] && echo foreignconfig=1
[ -f ${p.nodeFile} ] && echo "joinrecord=$(base64 < ${p.nodeFile} | tr -d '\\n')"
# Another kubelet in this mount namespace that is not ours (a device may share /proc with others).
me=$(readlink /proc/self/ns/mnt)
for d in /proc/[0-9]*; do
  case "$(readlink $d/exe)" in */kubelet) [ "$(readlink $d/ns/mnt)" = "$me" ] && [ "\${d#/proc/}" != "$kp" ] && echo foreignkubelet=1 && break;; esac
done
command -v iptables >/dev/null && echo iptables=1
rc=/etc/resolv.conf; [ -f /run/systemd/resolve/resolv.conf ] && rc=/run/systemd/resolve/resolv.conf; echo "resolvconf=$rc"
exit 0
`;
}

export function parseFacts(out: string): DeviceFacts {
  const kv = new Map<string, string>();
  for (const line of out.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) kv.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  const num = (k: string): number => Number(kv.get(k) ?? 'NaN');
  const memTotal = num('memtotal');
  // "max" or a huge page-aligned number means no limit.
  const limits = (kv.get('memlimits') ?? '').split(/\s+/).map(Number).filter((n) => Number.isFinite(n) && n > 0 && n < 2 ** 60);
  const cgLimit = limits.length > 0 ? Math.min(...limits) : undefined;
  const listening = (kv.get('listen') ?? '').split(/\s+/).filter(Boolean).map((h) => parseInt(h, 16));
  const cg = num('cgroup');
  return {
    os: kv.get('os') ?? 'unknown',
    arch: kv.get('arch') ?? 'unknown',
    kernel: kv.get('kernel') ?? 'unknown',
    hostname: kv.get('hostname') ?? '',
    cgroupVersion: cg === 1 || cg === 2 ? cg : 0,
    cgroupControllers: (kv.get('controllers') ?? '').split(/\s+/).filter(Boolean),
    memTotalBytes: memTotal,
    cgroupMemLimitBytes: cgLimit,
    memoryBytes: cgLimit !== undefined && cgLimit < memTotal ? cgLimit : memTotal,
    diskFreeBytes: num('diskfree'),
    swapOn: num('swap') > 0,
    listening: [...new Set(listening)].sort((a, b) => a - b),
    systemd: kv.get('systemd') === '1',
    overlay: kv.get('overlay') === '1',
    epoch: num('epoch'),
    routeSrc: kv.get('routesrc') || undefined,
    addresses: (kv.get('addresses') ?? '').split(/\s+/).filter(Boolean),
    apiReachable: kv.has('api') ? kv.get('api') === '1' : undefined,
    ourKubeletRunning: kv.get('ourkubelet') === '1',
    ourInstallPresent: kv.get('ourinstall') === '1',
    foreignKubelet: kv.get('foreignkubelet') === '1' || kv.get('foreignconfig') === '1',
    iptables: kv.get('iptables') === '1',
    resolvConf: kv.get('resolvconf') || '/etc/resolv.conf',
    canLowerOomScore: kv.get('oomlower') === '1',
    missingNamespaces: (kv.get('nsmissing') ?? '').split(/\s+/).filter(Boolean),
    apiAddress: kv.get('apiaddr') || undefined,
    joinRecord: kv.get('joinrecord') || undefined,
  };
}

export interface PreflightInput {
  device: string;
  facts: DeviceFacts;
  minMemoryMiB: number;
  /** Apiserver's clock (epoch seconds) sampled when the facts were gathered. */
  apiEpoch?: number;
  apiServer: string;
  /** Architectures there is a node bundle for; when given, a device of another one is refused. */
  bundleArchs?: NodeArch[];
}

export const kubeletPorts = [10250, 10248];

/** Controllers runc and the kubelet use for every pod, per cgroup version. */
export const requiredControllers: Record<1 | 2, readonly string[]> = {
  1: ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'pids'],
  2: ['cpu', 'memory', 'pids'],
};

export function missingCgroupControllers(f: Pick<DeviceFacts, 'cgroupVersion' | 'cgroupControllers'>): string[] {
  if (f.cgroupVersion === 0) return [];
  // v1 lists mount points, where a combined mount is named "cpu,cpuacct".
  const have = new Set(f.cgroupControllers.flatMap((c) => c.split(',')));
  return requiredControllers[f.cgroupVersion].filter((c) => !have.has(c));
}
const mib = (b: number): string => `${Math.round(b / 2 ** 20)} MiB`;

/** Throws a UserFacingError for the first blocking problem; returns warnings otherwise. */
export function evaluatePreflight(i: PreflightInput): string[] {
  const f = i.facts;
  const warnings: string[] = [];
  const fail = (code: string, msg: string, hint: string): never => {
    throw new UserFacingError(`preflight-${code}`, `${i.device}: ${msg}`, hint);
  };
  const arch = deviceArch(f.arch);
  if (!arch) fail('arch', unsupportedArch(f.arch).msg, unsupportedArch(f.arch).hint);
  else if (i.bundleArchs && !i.bundleArchs.includes(arch)) {
    fail('arch', `the device is ${f.arch} (linux-${arch}) and no linux-${arch} node bundle is configured (have: ${i.bundleArchs.map((a) => `linux-${a}`).join(', ')}).`, `Build one with \`npm run bundle -- --arch ${arch}\` (Edgeplane finds it beside the others), or set edgeplane.bootstrap.bundlePath to a linux-${arch} bundle.`);
  }
  const [maj = 0, min = 0] = f.kernel.split('.').map((x) => parseInt(x, 10));
  if (maj < 4 || (maj === 4 && min < 15)) fail('kernel', `kernel ${f.kernel} is too old (Kubernetes needs 4.15 or newer).`, 'Update the device\'s kernel.');
  if (f.cgroupVersion === 0) fail('cgroups', 'no cgroup filesystem is mounted under /sys/fs/cgroup.', 'Mount cgroups (v2 preferred) and try again.');
  const missingControllers = missingCgroupControllers(f);
  if (missingControllers.length > 0) {
    fail('cgroups', `the cgroup controller${missingControllers.length > 1 ? 's' : ''} ${missingControllers.join(', ')} that runc needs for every pod ${missingControllers.length > 1 ? 'are' : 'is'} not available (found: ${f.cgroupControllers.join(' ') || 'none'}).`, 'Enable them in the kernel (e.g. cgroup_enable=memory on the kernel command line for memory) and reboot.');
  }
  if (f.missingNamespaces.length > 0) {
    fail('namespaces', `the kernel lacks the ${f.missingNamespaces.join(', ')} namespace${f.missingNamespaces.length > 1 ? 's' : ''} that every pod sandbox is created in.`, 'Use a kernel built with CONFIG_NAMESPACES and the IPC, PID, UTS and network namespaces.');
  }
  if (f.memoryBytes < i.minMemoryMiB * 2 ** 20) {
    const src = f.cgroupMemLimitBytes !== undefined && f.cgroupMemLimitBytes < f.memTotalBytes ? ` (cgroup limit ${mib(f.cgroupMemLimitBytes)}, MemTotal ${mib(f.memTotalBytes)})` : '';
    fail('memory', `only ${mib(f.memoryBytes)} of memory${src}; a kubelet with containerd needs at least ${i.minMemoryMiB} MiB.`, 'Give the device more memory, or pick a bigger device. Nothing was installed.');
  }
  if (f.diskFreeBytes < 600 * 2 ** 20) fail('disk', `only ${mib(f.diskFreeBytes)} free under /var/lib; the node needs about 600 MiB.`, 'Free some disk space on the device and try again.');
  if (f.foreignKubelet) fail('foreign-kubelet', 'another kubelet (not installed by Edgeplane) is installed or running.', 'Remove it first (e.g. `kubeadm reset` or uninstall k3s/microk8s), or bootstrap a different device.');
  const busy = kubeletPorts.filter((port) => f.listening.includes(port));
  if (busy.length > 0 && !f.ourKubeletRunning) fail('ports', `port ${busy.join(', ')} is already in use.`, 'Stop whatever listens there (`ss -ltnp` shows it) and try again.');
  if (!f.iptables) fail('iptables', 'iptables is not installed (the pod network needs it for masquerading).', 'Install it, e.g. `apt-get install iptables`.');
  if (!f.apiAddress) fail('apiserver-name', `the device cannot resolve the apiserver's host name in ${i.apiServer}.`, 'Check the device\'s DNS configuration (/etc/resolv.conf), or expose the control plane on an IP address.');
  if (!f.routeSrc) fail('route', `the device has no route to the apiserver ${i.apiServer}.`, 'Check the device\'s network configuration (default route).');
  if (f.apiReachable === false) fail('apiserver-unreachable', `the device cannot open a TCP connection to the apiserver ${i.apiServer}.`, 'Check the firewall between the device and the seed, and the control plane\'s exposed address.');
  if (i.apiEpoch !== undefined && Number.isFinite(f.epoch)) {
    const skew = Math.abs(f.epoch - i.apiEpoch);
    if (skew > 120) fail('clock', `the device clock is ${skew} s off the apiserver's.`, 'Fix the device\'s time (enable NTP, e.g. systemd-timesyncd or chrony); certificates fail with a skewed clock.');
    if (skew > 10) warnings.push(`${i.device}: the device clock is ${skew} s off the apiserver's; enable NTP.`);
  }
  if (f.swapOn) warnings.push(`${i.device}: swap is on; the kubelet is configured to tolerate it (failSwapOn: false).`);
  if (!f.canLowerOomScore) warnings.push(`${i.device}: root cannot lower oom_score_adj (no CAP_SYS_RESOURCE, as in LXC containers and sandboxed VMs); containerd is configured to clamp pod OOM scores (restrict_oom_score_adj), so pods start but are not protected from the OOM killer ahead of other processes.`);
  if (f.cgroupVersion === 1) warnings.push(`${i.device}: cgroup v1; Kubernetes 1.35 runs on it with failCgroupV1: false, later releases will not.`);
  return warnings;
}
