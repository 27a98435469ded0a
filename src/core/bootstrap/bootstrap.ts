// bootstrapDevice: connect, preflight, token, install, configure, start,
// approve the client certificate, wait Ready, approve the serving certificate,
// label, prove a pod runs, clean up. Every step checks
// before it acts, so a re-run after any failure or cancellation completes the
// join and a run on a joined device changes nothing.
import { UserFacingError } from '../errors';
import { retryTransient } from '../kube/client';
import { archOf, artifactList, deviceArch, pickArtifacts } from './arch';
import { connect } from '../ssh/connect';
import { Remote } from '../ssh/exec';
import { describeTarget } from '../ssh/sshConfig';
import { apiserverEpoch, approveServingCsrs, clusterCaPem, clusterServer, createBootstrapToken, defaultTokenGroup, deleteBootstrapTokens, ensureNodeLabels, nodeReady, readNode } from './cluster';
import { bootstrapKubeconfig, cniConfig, containerdConfig, defaultPodCidr, kubeletConfig, kubeletFlags, nodeLabels, type NodeSettings } from './configs';
import { parseApiAddress } from './apiAddress';
import { decideClientCsrs } from './clientCsr';
import { deviceIdAnnotation, deviceIdFor, nodeOwnerProblem, parseJoinRecord, refuseTakenNodeName } from './identity';
import { checkPodRuns } from './runtimeCheck';
import { deviceHasFile, ensureBundleImages, installBundle, installedBundle, recordCreatedDirs, restartService, serviceRunning, startService, tailLog, uploadReporter, writeFileIfChanged, writeServiceDefinition } from './deviceOps';
import { checkBootstrapInputs } from './inputs';
import { devicePaths as p, services } from './paths';
import { evaluatePreflight, factsScript, parseFacts, type DeviceFacts } from './preflight';
import { sleep } from '../sleep';
import { StepRunner, stepTitles } from './steps';
import type { BootstrapOptions, BootstrapResult } from './types';

const dnsLabel = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

export async function bootstrapDevice(o: BootstrapOptions): Promise<BootstrapResult> {
  checkBootstrapInputs(o);
  const device = o.target.name;
  const signal = o.signal;
  const runner = new StepRunner(device, Object.keys(stepTitles).length, o.progress, o.logger, signal);
  const warnings: string[] = [];
  const conn = await connect(o.target, {
    prompter: o.prompter,
    state: o.state,
    logger: o.logger,
    knownHostsFiles: o.knownHostsFiles,
    password: o.credentials?.password,
    jumpPasswords: o.credentials?.jumpPasswords,
    agentSocket: o.agentSocket,
    readyTimeoutMs: o.connectTimeoutMs,
    keepaliveIntervalMs: o.keepaliveIntervalMs,
    signal,
  });
  await runner.run('connect', async () => ({ acted: false, detail: `connected to ${describeTarget(o.target)}${o.target.jumps.length ? ` through ${o.target.jumps.map((j) => j.name).join(' → ')}` : ''}` }));
  const remote = new Remote(conn, { prompter: o.prompter, logger: o.logger, sudoPassword: o.credentials?.sudoPassword });
  // Set once this run made a token: every way out but success deletes it.
  let tokenNode: string | undefined;
  try {
    const server = clusterServer(o.cluster, o.apiServerUrl);
    const api = parseApiAddress(server);
    let facts!: DeviceFacts;
    await runner.run('preflight', async () => {
      const r = await remote.sudoCheck('Preflight', factsScript(api), { quiet: true, signal });
      facts = parseFacts(r.stdout);
      const apiEpoch = await apiserverEpoch(o.cluster);
      const bundleArchs = artifactList(o.artifacts).map(archOf);
      warnings.push(...evaluatePreflight({ device, facts, minMemoryMiB: o.minMemoryMiB ?? 192, apiEpoch, apiServer: server, bundleArchs }));
      for (const w of warnings) o.logger?.log('warn', w);
      return { acted: false, detail: `${facts.os}, ${facts.arch}, kernel ${facts.kernel}, cgroup v${facts.cgroupVersion}, ${Math.round(facts.memoryBytes / 2 ** 20)} MiB, ${facts.systemd ? 'systemd' : 'no systemd (supervisor)'}` };
    });
    const nodeName = (o.nodeName ?? facts.hostname).toLowerCase();
    if (!dnsLabel.test(nodeName)) {
      throw new UserFacingError('bootstrap-bad-node-name', `"${nodeName}" cannot be a Node name.`, 'Give the device a DNS-style hostname or pass a node name.');
    }
    const settings: NodeSettings = {
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
    const deviceId = deviceIdFor(parseJoinRecord(facts.joinRecord));
    // The new apiserver may blip (a readiness flap under load) while the device joins: wait those out.
    const transient = <T>(fn: () => Promise<T>): Promise<T> =>
      retryTransient(fn, { timeoutMs: 60_000, signal, onRetry: (why) => o.logger?.log('warn', `[${device}] the edge apiserver did not answer (${why}); trying again`) });

    let token: { id: string; token: string } | undefined;
    await runner.run('token', async () => {
      if ((await deviceHasFile(remote, p.clientCert, signal)) && (await deviceHasFile(remote, p.kubeletKubeconfig, signal))) {
        return { acted: false, detail: 'the kubelet already holds its client certificate' };
      }
      // Before any token: a Node of this name that is another device's is never taken over.
      const problem = nodeOwnerProblem(await readNode(o.cluster, nodeName), deviceId, facts.addresses);
      if (problem) refuseTakenNodeName(device, o.controlPlane, problem);
      await deleteBootstrapTokens(o.cluster, nodeName);
      tokenNode = nodeName;
      token = await createBootstrapToken(o.cluster, nodeName, o.tokenGroup ?? defaultTokenGroup);
      return { acted: true, detail: `token ${token.id} created (expires in 1 h)` };
    });

    // Preflight refused architectures without a bundle, so this finds one.
    const artifacts = pickArtifacts(o.artifacts, deviceArch(facts.arch) ?? 'amd64', device);
    let installed = false;
    await runner.run('install', async () => {
      if ((await installedBundle(remote, signal)) === artifacts.sha256) return { acted: false, detail: 'bundle already installed' };
      await recordCreatedDirs(remote, signal);
      const r = await installBundle(remote, artifacts, signal, uploadReporter(device, o.progress));
      installed = true;
      const which = `linux-${archOf(artifacts)} bundle`;
      const resumed = r.upload && r.upload.resumedFrom > 0 && r.uploaded ? ` (resumed at ${(r.upload.resumedFrom / 1e6).toFixed(1)} MB)` : '';
      return { acted: true, detail: r.uploaded ? `${which} uploaded${resumed}, verified and installed` : `${which} installed (already on the device)` };
    });

    const changed = { containerd: installed, kubelet: installed };
    await runner.run('configure', async () => {
      const ca = await clusterCaPem(o.cluster);
      const w = (path: string, content: string, mode = '0644'): Promise<boolean> => writeFileIfChanged(remote, path, content, mode, signal);
      const wrote: string[] = [];
      const note = (name: string, did: boolean): boolean => (did && wrote.push(name), did);
      if (note('ca', await w(p.caFile, ca))) changed.kubelet = true;
      if (note('containerd', await w(p.containerdConfig, containerdConfig(settings)))) {
        changed.containerd = true;
        if (settings.restrictOomScoreAdj) o.logger?.log('info', `[${device}] root on the device cannot lower oom_score_adj: containerd clamps pod OOM scores (restrict_oom_score_adj = true)`);
      }
      note('cni', await w(p.cniConf, cniConfig(settings)));
      if (note('kubelet', await w(p.kubeletConfig, kubeletConfig(settings)))) changed.kubelet = true;
      if (note('kubelet flags', await w(p.kubeletEnv, `${kubeletFlags(settings).join(' ')}\n`))) changed.kubelet = true;
      note('node', await w(p.nodeFile, `${JSON.stringify({ nodeName, controlPlane: o.controlPlane, server, version: o.kubernetesVersion, deviceId }, null, 2)}\n`));
      for (const s of services) if (note(`${s} service`, await writeServiceDefinition(remote, s, facts.systemd, signal))) changed[s] = true;
      if (token) {
        // 0600: it holds the token. Content goes over stdin, never on a command line.
        if (note('bootstrap kubeconfig', await w(p.bootstrapKubeconfig, bootstrapKubeconfig(server, ca, token.token), '0600'))) changed.kubelet = true;
      }
      return { acted: wrote.length > 0, detail: wrote.length > 0 ? `wrote ${wrote.join(', ')}` : 'configuration unchanged' };
    });

    await runner.run('start', async () => {
      const did: string[] = [];
      for (const s of services) {
        const running = await serviceRunning(remote, s, facts.systemd, signal);
        if (!running) {
          await startService(remote, s, facts.systemd, signal);
          did.push(`started ${s}`);
        } else if (changed[s]) {
          await restartService(remote, s, facts.systemd, signal);
          did.push(`restarted ${s}`);
        }
        if (s === 'containerd') {
          const imported = await ensureBundleImages(remote, settings.snapshotter, signal);
          if (imported.length > 0) did.push(`imported ${imported.join(', ')}`);
        }
      }
      return { acted: did.length > 0, detail: did.length > 0 ? did.join(', ') : 'containerd and kubelet already running' };
    });

    await runner.run('join', async () => {
      if (!token) return { acted: false, detail: 'the kubelet already holds its client certificate' };
      const deadline = Date.now() + 90_000;
      for (;;) {
        const outcomes = await transient(() => decideClientCsrs(o.cluster, nodeName, token!.id));
        const denied = outcomes.find((x) => x.kind === 'denied');
        if (denied?.kind === 'denied') {
          throw new UserFacingError('bootstrap-client-csr-denied', `${device}: the kubelet's client certificate request ${denied.name} was denied: ${denied.reason}.`, 'The kubelet on the device asked for another identity than the node name Edgeplane gave it; check /etc/edgeplane/kubelet.flags and run again.');
        }
        const ok = outcomes.find((x) => x.kind === 'approved');
        if (ok?.kind === 'approved') return { acted: true, detail: `approved ${ok.name} for system:node:${nodeName} only` };
        if (Date.now() > deadline) {
          const log = await tailLog(remote, 'kubelet');
          throw new UserFacingError('bootstrap-no-client-csr', `${device}: the kubelet asked for no client certificate within 90 s.${log ? ` Last kubelet log lines: ${log.split('\n').slice(-3).join(' | ')}` : ''}`, `See ${p.logDir}/kubelet.log on the device; check that it reaches ${server}. Run again once fixed.`);
        }
        await sleep(1000, signal);
      }
    });

    await runner.run('ready', async () => {
      if (nodeReady(await readNode(o.cluster, nodeName))) return { acted: false, detail: `Node ${nodeName} is Ready` };
      const deadline = Date.now() + (o.readyTimeoutMs ?? 180000);
      for (;;) {
        await sleep(1000, signal);
        const n = await transient(() => readNode(o.cluster, nodeName));
        if (nodeReady(n)) return { acted: true, detail: `Node ${nodeName} is Ready` };
        if (Date.now() > deadline) {
          const log = await tailLog(remote, 'kubelet');
          throw new UserFacingError('bootstrap-not-ready', `${device}: Node ${nodeName} ${n ? 'registered but is not Ready' : 'did not register'} within ${Math.round((o.readyTimeoutMs ?? 180000) / 1000)} s.${log ? ` Last kubelet log lines: ${log.split('\n').slice(-3).join(' | ')}` : ''}`, `See ${p.logDir}/kubelet.log on the device; check that it reaches ${server}. Run again once fixed.`);
        }
      }
    });

    await runner.run('approve', async () => {
      if (await deviceHasFile(remote, p.serverCert, signal)) return { acted: false, detail: 'the kubelet already has its serving certificate' };
      const allowedDns = [nodeName, facts.hostname.toLowerCase()];
      const allowedIps = [...facts.addresses, settings.nodeIp];
      const deadline = Date.now() + 60000;
      for (;;) {
        const outcomes = await transient(() => approveServingCsrs(o.cluster, nodeName, allowedDns, allowedIps));
        const refused = outcomes.find((x) => x.kind === 'refused');
        if (refused?.kind === 'refused') {
          throw new UserFacingError('bootstrap-csr-refused', `${device}: the kubelet serving certificate request ${refused.name} was NOT approved: ${refused.reason}.`, 'Check the device\'s hostname and addresses; deny the request with kubectl if it is unexpected.');
        }
        const ok = outcomes.find((x) => x.kind === 'approved');
        if (ok) return { acted: true, detail: `approved ${ok.name} after checking its names` };
        if (Date.now() > deadline) {
          throw new UserFacingError('bootstrap-no-csr', `${device}: the kubelet did not request a serving certificate within 60 s.`, 'Check serverTLSBootstrap in the kubelet config and the kubelet log, then run again.');
        }
        await sleep(1000, signal);
      }
    });

    await runner.run('label', async () => {
      const set = await ensureNodeLabels(o.cluster, nodeName, nodeLabels(settings), { [deviceIdAnnotation]: deviceId });
      return { acted: set.length > 0, detail: set.length > 0 ? `set ${set.join(', ')}` : 'labels already set' };
    });

    // A check, not a change: the pod it starts is removed again.
    await runner.run('runtime', async () => ({ acted: false, detail: await checkPodRuns(o.cluster, device, nodeName, { signal }) }));

    await runner.run('cleanup', async () => {
      const n = await deleteBootstrapTokens(o.cluster, nodeName);
      const r = await remote.sudo(`if [ -e ${p.bootstrapKubeconfig} ]; then rm -f ${p.bootstrapKubeconfig}; echo removed; fi; rm -rf ${p.stagingDir}`, { quiet: true, signal });
      const acted = n > 0 || r.stdout.includes('removed');
      tokenNode = undefined;
      return { acted, detail: acted ? `deleted ${n} token(s) and the bootstrap kubeconfig` : 'no token left to delete' };
    });

    return { device, nodeName, steps: runner.results, bytesSent: conn.bytesSent(), warnings };
  } catch (err) {
    // A token outlives a failed run only as a way in: remove it (a re-run makes a new one).
    if (tokenNode) await deleteBootstrapTokens(o.cluster, tokenNode).catch((e: unknown) => o.logger?.log('warn', `[${device}] could not delete the bootstrap token: ${String(e)}`));
    throw err;
  } finally {
    conn.close();
  }
}
