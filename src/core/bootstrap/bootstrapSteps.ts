// The steps of bootstrapDevice, in order: connect, preflight, token, install,
// configure, start, approve the client certificate, wait Ready, approve the
// serving certificate, label, prove a pod runs, clean up. Every step checks
// before it acts, so a re-run after any failure or cancellation completes the
// join and a run on a joined device changes nothing. To add a step: add an
// entry here (and its name to StepName in types.ts) and a row to README.md.
import { UserFacingError } from '../errors';
import { retryTransient } from '../kube/client';
import { sleep } from '../sleep';
import type { Step } from '../steps';
import { parseApiAddress } from './apiAddress';
import { archOf, artifactList, deviceArch, pickArtifacts } from './arch';
import { apiserverEpoch, approveServingCsrs, clusterCaPem, clusterServer, createBootstrapToken, defaultTokenGroup, deleteBootstrapTokens, ensureNodeLabels, nodeReady, readNode } from './cluster';
import { decideClientCsrs } from './clientCsr';
import { bootstrapKubeconfig, cniConfig, containerdConfig, defaultPodCidr, kubeletConfig, kubeletFlags, nodeLabels, type NodeSettings } from './configs';
import { deviceHasFile, ensureBundleImages, installBundle, installedBundle, recordCreatedDirs, restartService, serviceRunning, startService, tailLog, uploadReporter, writeFileIfChanged, writeServiceDefinition } from './deviceOps';
import { deviceIdAnnotation, deviceIdFor, nodeOwnerProblem, parseJoinRecord, refuseTakenNodeName } from './identity';
import { devicePaths as p, services } from './paths';
import { evaluatePreflight, factsScript, parseFacts, type DeviceFacts } from './preflight';
import { checkPodRuns } from './runtimeCheck';
import { ensureTunnelAgent } from './tunnelAgent';
import { connectStep, type DeviceSession } from './session';
import type { ArtifactSource, BootstrapOptions, StepName } from './types';

const dnsLabel = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

/** What the steps learn and hand on; each field is set by the step named beside it. */
export class BootstrapRun {
  readonly device: string;
  readonly warnings: string[] = [];
  session!: DeviceSession; // connect
  server!: string; // preflight
  facts!: DeviceFacts; // preflight
  nodeName!: string; // preflight
  settings!: NodeSettings; // preflight
  deviceId!: string; // preflight
  /** This run's token (token); undefined when the kubelet already had its certificate. */
  token?: { id: string; token: string };
  /** Set once this run made a token: every way out but success deletes it. */
  tokenNode?: string;
  artifacts!: ArtifactSource; // install
  /** Whose configuration or binaries changed (install, configure): start restarts those. */
  readonly changed = { containerd: false, kubelet: false };
  /** The bundle was (re)installed in this run (install): the tunnel agent's binary may have changed. */
  bundleInstalled = false;

  constructor(readonly o: BootstrapOptions) {
    this.device = o.target.name;
  }

  get remote(): DeviceSession['remote'] {
    return this.session.remote;
  }

  /** The new apiserver may blip (a readiness flap under load) while the device joins: wait those out. */
  transient<T>(fn: () => Promise<T>): Promise<T> {
    return retryTransient(fn, { timeoutMs: 60_000, signal: this.o.signal, onRetry: (why) => this.o.logger?.log('warn', `[${this.device}] the edge apiserver did not answer (${why}); trying again`) });
  }

  async kubeletLogTail(): Promise<string> {
    const log = await tailLog(this.remote, 'kubelet');
    return log ? ` Last kubelet log lines: ${log.split('\n').slice(-3).join(' | ')}` : '';
  }
}

type BootstrapStep = Step<BootstrapRun, StepName>;

const preflightStep: BootstrapStep = {
  name: 'preflight',
  title: 'Checking the device',
  async run(r, { signal }) {
    const o = r.o;
    r.server = clusterServer(o.cluster, o.apiServerUrl);
    const res = await r.remote.sudoCheck('Preflight', factsScript(parseApiAddress(r.server)), { quiet: true, signal });
    const facts = parseFacts(res.stdout);
    r.facts = facts;
    const apiEpoch = await r.transient(() => apiserverEpoch(o.cluster));
    const bundleArchs = artifactList(o.artifacts).map(archOf);
    r.warnings.push(...evaluatePreflight({ device: r.device, facts, minMemoryMiB: o.minMemoryMiB ?? 192, apiEpoch, apiServer: r.server, bundleArchs }));
    for (const w of r.warnings) o.logger?.log('warn', w);
    const nodeName = (o.nodeName ?? facts.hostname).toLowerCase();
    if (!dnsLabel.test(nodeName)) {
      throw new UserFacingError('bootstrap-bad-node-name', `"${nodeName}" cannot be a Node name.`, 'Give the device a DNS-style hostname or pass a node name.');
    }
    r.nodeName = nodeName;
    r.settings = {
      nodeName,
      nodeIp: facts.routeSrc as string,
      controlPlane: o.controlPlane,
      systemd: facts.systemd,
      cgroupVersion: facts.cgroupVersion === 2 ? 2 : 1,
      swapOn: facts.swapOn,
      snapshotter: facts.overlay ? 'overlayfs' : 'native',
      podCidr: o.podCidr ?? defaultPodCidr(nodeName),
      labels: o.labels ?? {},
      resolvConf: facts.resolvConf,
      restrictOomScoreAdj: !facts.canLowerOomScore,
    };
    r.deviceId = deviceIdFor(parseJoinRecord(facts.joinRecord));
    return { acted: false, detail: `${facts.os}, ${facts.arch}, kernel ${facts.kernel}, cgroup v${facts.cgroupVersion}, ${Math.round(facts.memoryBytes / 2 ** 20)} MiB, ${facts.systemd ? 'systemd' : 'no systemd (supervisor)'}` };
  },
};

const tokenStep: BootstrapStep = {
  name: 'token',
  title: 'Creating a bootstrap token',
  async run(r, { signal }) {
    if ((await deviceHasFile(r.remote, p.clientCert, signal)) && (await deviceHasFile(r.remote, p.kubeletKubeconfig, signal))) {
      return { acted: false, detail: 'the kubelet already holds its client certificate' };
    }
    const { cluster, controlPlane, tokenGroup } = r.o;
    // Before any token: a Node of this name that is another device's is never taken over.
    const problem = nodeOwnerProblem(await r.transient(() => readNode(cluster, r.nodeName)), r.deviceId, r.facts.addresses);
    if (problem) refuseTakenNodeName(r.device, controlPlane, problem);
    await r.transient(() => deleteBootstrapTokens(cluster, r.nodeName));
    r.tokenNode = r.nodeName;
    r.token = await r.transient(() => createBootstrapToken(cluster, r.nodeName, tokenGroup ?? defaultTokenGroup));
    return { acted: true, detail: `token ${r.token.id} created (expires in 1 h)` };
  },
};

const installStep: BootstrapStep = {
  name: 'install',
  title: 'Installing containerd and kubelet',
  async run(r, { signal }) {
    // Preflight refused architectures without a bundle, so this finds one.
    r.artifacts = pickArtifacts(r.o.artifacts, deviceArch(r.facts.arch) ?? 'amd64', r.device);
    if ((await installedBundle(r.remote, signal)) === r.artifacts.sha256) return { acted: false, detail: 'bundle already installed' };
    await recordCreatedDirs(r.remote, signal);
    const res = await installBundle(r.remote, r.artifacts, signal, uploadReporter(r.device, r.o.progress));
    r.changed.containerd = r.changed.kubelet = true;
    r.bundleInstalled = true;
    const which = `linux-${archOf(r.artifacts)} bundle`;
    const resumed = res.upload && res.upload.resumedFrom > 0 && res.uploaded ? ` (resumed at ${(res.upload.resumedFrom / 1e6).toFixed(1)} MB)` : '';
    return { acted: true, detail: res.uploaded ? `${which} uploaded${resumed}, verified and installed` : `${which} installed (already on the device)` };
  },
};

const configureStep: BootstrapStep = {
  name: 'configure',
  title: 'Configuring containerd, CNI and kubelet',
  async run(r, { signal }) {
    const { o, settings, changed } = r;
    const ca = await clusterCaPem(o.cluster);
    const w = (path: string, content: string, mode = '0644'): Promise<boolean> => writeFileIfChanged(r.remote, path, content, mode, signal);
    const wrote: string[] = [];
    const note = (name: string, did: boolean): boolean => (did && wrote.push(name), did);
    if (note('ca', await w(p.caFile, ca))) changed.kubelet = true;
    if (note('containerd', await w(p.containerdConfig, containerdConfig(settings)))) {
      changed.containerd = true;
      if (settings.restrictOomScoreAdj) o.logger?.log('info', `[${r.device}] root on the device cannot lower oom_score_adj: containerd clamps pod OOM scores (restrict_oom_score_adj = true)`);
    }
    note('cni', await w(p.cniConf, cniConfig(settings)));
    if (note('kubelet', await w(p.kubeletConfig, kubeletConfig(settings)))) changed.kubelet = true;
    if (note('kubelet flags', await w(p.kubeletEnv, `${kubeletFlags(settings).join(' ')}\n`))) changed.kubelet = true;
    note('node', await w(p.nodeFile, `${JSON.stringify({ nodeName: r.nodeName, controlPlane: o.controlPlane, server: r.server, version: o.kubernetesVersion, deviceId: r.deviceId }, null, 2)}\n`));
    for (const s of services) if (note(`${s} service`, await writeServiceDefinition(r.remote, s, r.facts.systemd, signal))) changed[s] = true;
    if (r.token) {
      // 0600: it holds the token. Content goes over stdin, never on a command line.
      if (note('bootstrap kubeconfig', await w(p.bootstrapKubeconfig, bootstrapKubeconfig(r.server, ca, r.token.token), '0600'))) changed.kubelet = true;
    }
    return { acted: wrote.length > 0, detail: wrote.length > 0 ? `wrote ${wrote.join(', ')}` : 'configuration unchanged' };
  },
};

const startStep: BootstrapStep = {
  name: 'start',
  title: 'Starting containerd and kubelet',
  async run(r, { signal }) {
    const systemd = r.facts.systemd;
    const did: string[] = [];
    for (const s of services) {
      if (!(await serviceRunning(r.remote, s, systemd, signal))) {
        await startService(r.remote, s, systemd, signal);
        did.push(`started ${s}`);
      } else if (r.changed[s]) {
        await restartService(r.remote, s, systemd, signal);
        did.push(`restarted ${s}`);
      }
      if (s === 'containerd') {
        const imported = await ensureBundleImages(r.remote, r.settings.snapshotter, signal);
        if (imported.length > 0) did.push(`imported ${imported.join(', ')}`);
      }
    }
    return { acted: did.length > 0, detail: did.length > 0 ? did.join(', ') : 'containerd and kubelet already running' };
  },
};

const joinStep: BootstrapStep = {
  name: 'join',
  title: 'Approving the kubelet\'s client certificate',
  async run(r, { signal }) {
    const token = r.token;
    if (!token) return { acted: false, detail: 'the kubelet already holds its client certificate' };
    const deadline = Date.now() + 90_000;
    for (;;) {
      const outcomes = await r.transient(() => decideClientCsrs(r.o.cluster, r.nodeName, token.id));
      const denied = outcomes.find((x) => x.kind === 'denied');
      if (denied?.kind === 'denied') {
        throw new UserFacingError('bootstrap-client-csr-denied', `${r.device}: the kubelet's client certificate request ${denied.name} was denied: ${denied.reason}.`, 'The kubelet on the device asked for another identity than the node name Edgeplane gave it; check /etc/edgeplane/kubelet.flags and run again.');
      }
      const ok = outcomes.find((x) => x.kind === 'approved');
      if (ok?.kind === 'approved') return { acted: true, detail: `approved ${ok.name} for system:node:${r.nodeName} only` };
      if (Date.now() > deadline) {
        throw new UserFacingError('bootstrap-no-client-csr', `${r.device}: the kubelet asked for no client certificate within 90 s.${await r.kubeletLogTail()}`, `See ${p.logDir}/kubelet.log on the device; check that it reaches ${r.server}. Run again once fixed.`);
      }
      await sleep(1000, signal);
    }
  },
};

const readyStep: BootstrapStep = {
  name: 'ready',
  title: 'Waiting for the Node to be Ready',
  async run(r, { signal }) {
    const { cluster, readyTimeoutMs = 180_000 } = r.o;
    if (nodeReady(await r.transient(() => readNode(cluster, r.nodeName)))) return { acted: false, detail: `Node ${r.nodeName} is Ready` };
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      await sleep(1000, signal);
      const n = await r.transient(() => readNode(cluster, r.nodeName));
      if (nodeReady(n)) return { acted: true, detail: `Node ${r.nodeName} is Ready` };
      if (Date.now() > deadline) {
        throw new UserFacingError('bootstrap-not-ready', `${r.device}: Node ${r.nodeName} ${n ? 'registered but is not Ready' : 'did not register'} within ${Math.round(readyTimeoutMs / 1000)} s.${await r.kubeletLogTail()}`, `See ${p.logDir}/kubelet.log on the device; check that it reaches ${r.server}. Run again once fixed.`);
      }
    }
  },
};

const approveStep: BootstrapStep = {
  name: 'approve',
  title: 'Approving the kubelet serving certificate',
  async run(r, { signal }) {
    if (await deviceHasFile(r.remote, p.serverCert, signal)) return { acted: false, detail: 'the kubelet already has its serving certificate' };
    const allowedDns = [r.nodeName, r.facts.hostname.toLowerCase()];
    const allowedIps = [...r.facts.addresses, r.settings.nodeIp];
    const since = new Date();
    const deadline = Date.now() + 60000;
    for (;;) {
      const outcomes = await r.transient(() => approveServingCsrs(r.o.cluster, r.nodeName, allowedDns, allowedIps, since));
      const refused = outcomes.find((x) => x.kind === 'refused' || (x.kind === 'decided-by-control-plane' && !x.approved));
      if (refused?.kind === 'refused' || refused?.kind === 'decided-by-control-plane') {
        throw new UserFacingError('bootstrap-csr-refused', `${r.device}: the kubelet serving certificate request ${refused.name} was NOT approved: ${refused.reason}.`, 'Check the device\'s hostname and addresses; deny the request with kubectl if it is unexpected.');
      }
      const ok = outcomes.find((x) => x.kind === 'approved');
      if (ok) return { acted: true, detail: `approved ${ok.name} after checking its names` };
      const byCp = outcomes.find((x) => x.kind === 'decided-by-control-plane');
      if (byCp) return { acted: false, detail: `the control plane's approver approved ${byCp.name} (same checks)` };
      if (Date.now() > deadline) {
        throw new UserFacingError('bootstrap-no-csr', `${r.device}: the kubelet did not request a serving certificate within 60 s.`, 'Check serverTLSBootstrap in the kubelet config and the kubelet log, then run again.');
      }
      await sleep(1000, signal);
    }
  },
};

const labelStep: BootstrapStep = {
  name: 'label',
  title: 'Labelling the Node',
  async run(r) {
    const set = await ensureNodeLabels(r.o.cluster, r.nodeName, nodeLabels(r.settings), { [deviceIdAnnotation]: r.deviceId });
    return { acted: set.length > 0, detail: set.length > 0 ? `set ${set.join(', ')}` : 'labels already set' };
  },
};

// After label: the agent's token is bound to the Node, which exists by now (tunnelAgent.ts).
const tunnelStep: BootstrapStep = {
  name: 'tunnel',
  title: 'Starting the tunnel agent',
  run: (r, { signal }) =>
    ensureTunnelAgent({
      remote: r.remote,
      cluster: r.o.cluster,
      nodeName: r.nodeName,
      nodeIp: r.settings.nodeIp,
      server: parseApiAddress(r.server),
      systemd: r.facts.systemd,
      installed: r.bundleInstalled,
      signal,
      warn: (m) => {
        r.warnings.push(m);
        r.o.logger?.log('warn', `[${r.device}] ${m}`);
      },
    }),
};

// A check, not a change: the pod it starts is removed again.
const runtimeStep: BootstrapStep = {
  name: 'runtime',
  title: 'Starting a test pod on the device',
  async run(r, { signal }) {
    return { acted: false, detail: await checkPodRuns(r.o.cluster, r.device, r.nodeName, { signal }) };
  },
};

const cleanupStep: BootstrapStep = {
  name: 'cleanup',
  title: 'Removing the bootstrap token',
  async run(r, { signal }) {
    const n = await deleteBootstrapTokens(r.o.cluster, r.nodeName);
    const res = await r.remote.sudo(`if [ -e ${p.bootstrapKubeconfig} ]; then rm -f ${p.bootstrapKubeconfig}; echo removed; fi; rm -rf ${p.stagingDir}`, { quiet: true, signal });
    const acted = n > 0 || res.stdout.includes('removed');
    r.tokenNode = undefined;
    return { acted, detail: acted ? `deleted ${n} token(s) and the bootstrap kubeconfig` : 'no token left to delete' };
  },
};

export const bootstrapSteps: readonly BootstrapStep[] = [
  connectStep<BootstrapRun>(), preflightStep, tokenStep, installStep, configureStep, startStep,
  joinStep, readyStep, approveStep, labelStep, tunnelStep, runtimeStep, cleanupStep,
];
