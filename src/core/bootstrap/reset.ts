// resetDevice: removes the Node from its cluster, deletes its tokens, stops
// what the bootstrap started (pods included), unmounts what pods mounted, and
// removes what the bootstrap installed, returning the device to its state
// before the first bootstrap (directories that existed before are kept).
import type { KubeConfig } from '@kubernetes/client-node';
import type { SessionOptions } from '../ssh/connect';
import { shq } from '../ssh/exec';
import { describeTarget, type SshTarget } from '../ssh/sshConfig';
import { runSteps, type Step, type StepHooks } from '../steps';
import { deleteBootstrapTokens, deleteNode } from './cluster';
import { stopService } from './deviceOps';
import { checkJoinRecord, readCreatedDirs, readJoinRecord } from './resetChecks';
import { binaries, cniBridge, cniPlugins, devicePaths as p, systemdUnit, tunnelService } from './paths';
import { connectStep, type DeviceSession } from './session';
import type { DeviceCredentials } from './types';

/** Progress, logger, signal and onStep: the convention every pipeline follows (../steps.ts). */
export interface ResetOptions extends StepHooks {
  target: SshTarget;
  /** The SSH settings as the caller built them (host-key trust, timeouts, keepalive): the same value bootstrap gets. */
  ssh: SessionOptions;
  /** Admin access to the edge cluster; when absent only the device is cleaned. */
  cluster?: KubeConfig;
  /**
   * The Node this reset is for. The device's own join record must name it, or
   * nothing is deleted; when absent, the record's name is used.
   */
  nodeName?: string;
  /** The control plane the Node belongs to; when given, the join record must name it too. */
  controlPlane?: string;
  credentials?: DeviceCredentials;
}

export interface ResetResult {
  device: string;
  nodeName: string;
  nodeDeleted: boolean;
  tokensDeleted: number;
}

/** Kills pod containers through containerd while it still runs, so their shims exit cleanly. */
const killPodsScript = `ctr="${p.binDir}/ctr -a ${p.containerdSocket} -n k8s.io"
if [ -x ${p.binDir}/ctr ] && $ctr version >/dev/null 2>&1; then
  for t in $($ctr tasks ls -q 2>/dev/null); do $ctr tasks kill -s SIGKILL "$t" 2>/dev/null; done
  sleep 1
  for t in $($ctr tasks ls -q 2>/dev/null); do $ctr tasks delete -f "$t" 2>/dev/null; done
  for c in $($ctr containers ls -q 2>/dev/null); do $ctr containers delete "$c" 2>/dev/null; done
fi
true`;

/** Leftover shims (and their containers) in this device's mount namespace only: /proc may show other machines' processes. */
const killLeftoversScript = `me=$(readlink /proc/self/ns/mnt)
for d in /proc/[0-9]*; do
  case "$(readlink $d/exe 2>/dev/null)" in ${p.binDir}/containerd-shim-runc-v2|${p.binDir}/kubelet|${p.binDir}/containerd)
    [ "$(readlink $d/ns/mnt)" = "$me" ] && kill -9 "\${d#/proc/}" 2>/dev/null;;
  esac
done
true`;

const unmountScript = `for i in 1 2 3; do
  awk '{print $5}' /proc/self/mountinfo | grep -E '^(/var/lib/kubelet|/var/lib/edgeplane|/run/edgeplane|/run/netns)(/|$)' | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
done
true`;

// Rules are deleted by number, never by re-running text that iptables printed:
// a rule's comment is set by whoever created it, and eval of it would run as root.
const networkScript = `ip link del ${cniBridge} 2>/dev/null
# No kube-proxy runs on a device: every KUBE-* chain is the kubelet's, every CNI-* chain the bridge/portmap plugins'.
for ipt in iptables ip6tables; do
  command -v $ipt >/dev/null || continue
  for t in filter nat mangle; do
    for c in INPUT OUTPUT FORWARD PREROUTING POSTROUTING; do
      $ipt -t $t -L $c -n --line-numbers 2>/dev/null | awk 'NR > 2 && $1 ~ /^[0-9]+$/ && $2 ~ /^(KUBE-|CNI-)/ {print $1}' | sort -rn | while read -r n; do $ipt -t $t -D $c "$n"; done
    done
    chains=$($ipt -t $t -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-)[A-Za-z0-9_.-]*$/ {print $2}')
    for c in $chains; do $ipt -t $t -F "$c" 2>/dev/null; done
    for c in $chains; do $ipt -t $t -X "$c" 2>/dev/null; done
  done
done
true`;

/** `created`: the directories the device's record says the bootstrap created, already checked against ownedDirs. */
const removeFilesScript = (created: string[]): string => `for f in ${binaries.map((b) => `${p.binDir}/${b}`).join(' ')} ${cniPlugins.map((c) => `${p.cniBinDir}/${c}`).join(' ')} ${p.cniConf} ${systemdUnit('containerd')} ${systemdUnit('kubelet')} ${systemdUnit(tunnelService)}; do rm -f "$f"; done
[ -d /run/systemd/system ] && systemctl daemon-reload 2>/dev/null
for d in ${created.map(shq).join(' ')}; do rm -rf "$d"; done
# Directories that existed before stay; what is inside those that only Edgeplane writes to goes.
for d in ${p.libDir} /etc/edgeplane ${p.stateDir} ${p.runDir} ${p.logDir} /var/lib/kubelet; do [ -d "$d" ] && find "$d" -mindepth 1 -maxdepth 1 -exec rm -rf {} +; done
rm -f /etc/kubernetes/pki/ca.crt ${p.kubeletKubeconfig} ${p.bootstrapKubeconfig}
true`;

interface ResetRun {
  readonly o: ResetOptions;
  session: DeviceSession;
  nodeName: string;
  created: string[] | undefined;
  systemd: boolean;
  nodeDeleted: boolean;
  tokensDeleted: number;
}

type ResetStep = Step<ResetRun, 'connect' | 'identify' | 'node' | 'tunnel' | 'kubelet' | 'pods' | 'containerd' | 'network' | 'files'>;

const sudo = (r: ResetRun, script: string, signal?: AbortSignal): Promise<unknown> => r.session.remote.sudo(script, { quiet: true, signal });

/** A step that always acts on the device (stopping or removing what may be there already is harmless). */
const deviceStep = (name: ResetStep['name'], title: string, weight: number, detail: string, work: (r: ResetRun, signal?: AbortSignal) => Promise<unknown>): ResetStep => ({
  name,
  title,
  weight,
  async run(r, { signal }) {
    await work(r, signal);
    return { acted: true, detail };
  },
});

/** In order; nothing is deleted, here or in the cluster, before `identify` has checked the device's join record. */
export const resetSteps: readonly ResetStep[] = [
  { ...connectStep<ResetRun>(), weight: 0 },
  {
    name: 'identify',
    title: 'Checking that the device is that Node',
    weight: 0,
    async run(r, { signal }) {
      const { o } = r;
      const remote = r.session.remote;
      const record = await readJoinRecord(remote, signal);
      r.nodeName = checkJoinRecord(record, o, `${describeTarget(o.target)}${o.target.jumps.length ? ` via ${o.target.jumps.map((j) => j.name).join(' → ')}` : ''}`);
      r.created = await readCreatedDirs(remote, signal);
      if (r.created === undefined) o.logger?.log('warn', `[${o.target.name}] reset: no record of the directories the bootstrap created (${p.createdDirsFile}): no directory is removed, only Edgeplane's files`);
      r.systemd = (await remote.sudo('[ -d /run/systemd/system ]', { quiet: true, signal })).code === 0;
      return { acted: false, detail: `the device says it is Node ${r.nodeName}` };
    },
  },
  {
    name: 'node',
    title: (r) => `Removing Node ${r.nodeName} from the cluster`,
    weight: 10,
    async run(r) {
      if (!r.o.cluster) return { acted: false, detail: 'no cluster given: only the device is cleaned' };
      r.nodeDeleted = await deleteNode(r.o.cluster, r.nodeName);
      r.tokensDeleted = await deleteBootstrapTokens(r.o.cluster, r.nodeName);
      return { acted: r.nodeDeleted || r.tokensDeleted > 0, detail: `Node ${r.nodeDeleted ? 'deleted' : 'not found'}, ${r.tokensDeleted} token(s) deleted` };
    },
  },
  // The tunnel agent first: its token died with the Node anyway (it is bound to it).
  deviceStep('tunnel', 'Stopping the tunnel agent', 5, 'tunnel agent stopped', (r, signal) => stopService(r.session.remote, tunnelService, r.systemd, signal)),
  deviceStep('kubelet', 'Stopping kubelet', 15, 'kubelet stopped', (r, signal) => stopService(r.session.remote, 'kubelet', r.systemd, signal)),
  deviceStep('pods', 'Removing pods', 15, 'pod containers removed', (r, signal) => sudo(r, killPodsScript, signal)),
  deviceStep('containerd', 'Stopping containerd', 15, 'containerd stopped', async (r, signal) => {
    await stopService(r.session.remote, 'containerd', r.systemd, signal);
    await sudo(r, killLeftoversScript, signal);
  }),
  deviceStep('network', 'Unmounting pod volumes and removing the pod network', 15, 'pod volumes unmounted, pod network removed', async (r, signal) => {
    await sudo(r, unmountScript, signal);
    await sudo(r, networkScript, signal);
  }),
  deviceStep('files', 'Removing installed files', 20, 'reset complete', (r, signal) => r.session.remote.sudoCheck('Removing installed files', removeFilesScript(r.created ?? []), { quiet: true, signal })),
];

export async function resetDevice(o: ResetOptions): Promise<ResetResult> {
  const device = o.target.name;
  const run = { o, nodeDeleted: false, tokensDeleted: 0 } as ResetRun;
  try {
    await runSteps(resetSteps, run, { ...o, subject: device });
    o.logger?.log('info', `[${device}] reset: node ${run.nodeDeleted ? 'deleted' : 'not found'}, ${run.tokensDeleted} token(s) deleted, files removed`);
    return { device, nodeName: run.nodeName, nodeDeleted: run.nodeDeleted, tokensDeleted: run.tokensDeleted };
  } finally {
    // Unset when connect itself failed.
    run.session?.conn.close();
  }
}
