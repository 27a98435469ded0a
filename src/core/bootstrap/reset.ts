// resetDevice: removes the Node from its cluster, deletes its tokens, stops
// what the bootstrap started (pods included), unmounts what pods mounted, and
// removes what the bootstrap installed, returning the device to its state
// before the first bootstrap (directories that existed before are kept).
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger, Progress, Prompter, StateStore } from '../ports';
import { connect } from '../ssh/connect';
import { Remote, shq } from '../ssh/exec';
import { describeTarget, type SshTarget } from '../ssh/sshConfig';
import { deleteBootstrapTokens, deleteNode } from './cluster';
import { stopService } from './deviceOps';
import { checkJoinRecord, readCreatedDirs, readJoinRecord } from './resetChecks';
import { binaries, cniBridge, cniPlugins, devicePaths as p, systemdUnit, tunnelService } from './paths';
import type { DeviceCredentials } from './types';

export interface ResetOptions {
  target: SshTarget;
  /** Admin access to the edge cluster; when absent only the device is cleaned. */
  cluster?: KubeConfig;
  /**
   * The Node this reset is for. The device's own join record must name it, or
   * nothing is deleted; when absent, the record's name is used.
   */
  nodeName?: string;
  /** The control plane the Node belongs to; when given, the join record must name it too. */
  controlPlane?: string;
  prompter: Prompter;
  state: StateStore;
  logger?: Logger;
  progress?: Progress;
  signal?: AbortSignal;
  credentials?: DeviceCredentials;
  knownHostsFiles?: string[];
  agentSocket?: string;
  connectTimeoutMs?: number;
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

export async function resetDevice(o: ResetOptions): Promise<ResetResult> {
  const device = o.target.name;
  const report = (message: string, increment: number): void => o.progress?.report({ message: `${device}: ${message}`, increment });
  const conn = await connect(o.target, {
    prompter: o.prompter,
    state: o.state,
    logger: o.logger,
    knownHostsFiles: o.knownHostsFiles,
    password: o.credentials?.password,
    jumpPasswords: o.credentials?.jumpPasswords,
    agentSocket: o.agentSocket,
    readyTimeoutMs: o.connectTimeoutMs,
    signal: o.signal,
  });
  const remote = new Remote(conn, { prompter: o.prompter, logger: o.logger, sudoPassword: o.credentials?.sudoPassword });
  try {
    // Before anything is deleted, here or in the cluster: the device must say it is that Node.
    const record = await readJoinRecord(remote, o.signal);
    const nodeName = checkJoinRecord(record, o, `${describeTarget(o.target)}${o.target.jumps.length ? ` via ${o.target.jumps.map((j) => j.name).join(' → ')}` : ''}`);
    const created = await readCreatedDirs(remote, o.signal);
    if (created === undefined) o.logger?.log('warn', `[${device}] reset: no record of the directories the bootstrap created (${p.createdDirsFile}): no directory is removed, only Edgeplane's files`);
    const systemd = (await remote.sudo('[ -d /run/systemd/system ]', { quiet: true, signal: o.signal })).code === 0;
    let nodeDeleted = false;
    let tokensDeleted = 0;
    if (o.cluster) {
      report(`removing Node ${nodeName} from the cluster`, 10);
      nodeDeleted = await deleteNode(o.cluster, nodeName);
      tokensDeleted = await deleteBootstrapTokens(o.cluster, nodeName);
    }
    report('stopping kubelet', 15);
    // The tunnel agent first: its token died with the Node anyway (it is bound to it).
    await stopService(remote, tunnelService, systemd, o.signal);
    await stopService(remote, 'kubelet', systemd, o.signal);
    report('removing pods', 15);
    await remote.sudo(killPodsScript, { quiet: true, signal: o.signal });
    report('stopping containerd', 15);
    await stopService(remote, 'containerd', systemd, o.signal);
    await remote.sudo(killLeftoversScript, { quiet: true, signal: o.signal });
    report('unmounting pod volumes and removing the pod network', 15);
    await remote.sudo(unmountScript, { quiet: true, signal: o.signal });
    await remote.sudo(networkScript, { quiet: true, signal: o.signal });
    report('removing installed files', 20);
    await remote.sudoCheck('Removing installed files', removeFilesScript(created ?? []), { quiet: true, signal: o.signal });
    report('reset complete', 10);
    o.logger?.log('info', `[${device}] reset: node ${nodeDeleted ? 'deleted' : 'not found'}, ${tokensDeleted} token(s) deleted, files removed`);
    return { device, nodeName, nodeDeleted, tokensDeleted };
  } finally {
    conn.close();
  }
}
