// `lab down`: stops what the lab started, by pid, and removes what it set up.
import { existsSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { basename } from 'node:path';
import { runDir, scratchDir, seedRunDir, seedStateDir, stateDir } from '../config';
import { kubeBin } from '../../components/build/binaries';
import { stopDaemon, tryRun } from '../util/run';
import { stopAllSims } from '../sim';
import { componentOrder, componentSpec } from './components';
import { removeSeedHostNetwork } from './hostNetwork';
import { removeAllDevices, removeLabNetwork } from './labNetwork';
import { describeLeftovers, findLeftovers } from './leftovers';
import { unmountUnder } from './mounts';
import { cniIpamDir } from './paths';
import { killAllTasks, killStray, podCgroupPids, removePodCgroups, sandboxNetnsPaths, shimPids } from './sandboxes';

type Log = (m: string) => void;

async function stop(name: (typeof componentOrder)[number], log: Log): Promise<void> {
  if (await stopDaemon(componentSpec(name).pidFile)) log(`stopped ${name}`);
}

/** Stops and removes everything; answers what is still there (nothing, when all went well). */
export async function seedDown(log: Log, purge: boolean): Promise<string[]> {
  const sims = await stopAllSims();
  if (sims > 0) log(`stopped ${sims} simulated-node controller(s)`);
  await removeAllDevices();
  // A scale test's scratch apiserver and KWOK, when one was left running.
  for (const f of existsSync(scratchDir) ? readdirSync(scratchDir).filter((x) => x.endsWith('.pid')) : []) {
    if (await stopDaemon(join(scratchDir, f))) log(`stopped the scratch cluster's ${f.replace(/\.pid$/, '')}`);
  }

  // The kubelet first, so nothing restarts the pods we are about to kill.
  await stop('kubelet', log);
  await stop('kube-proxy', log);
  const netns = sandboxNetnsPaths().map((p) => p.replace(/^\/var\/run\//, '/run/'));
  killAllTasks();
  await stop('containerd', log);
  await killStray([...shimPids(), ...podCgroupPids()]);
  const unmounted = unmountUnder([seedStateDir, seedRunDir], netns);
  for (const ns of netns) if (existsSync(ns)) unlinkSync(ns);
  if (unmounted.length) log(`unmounted ${unmounted.length} mount(s)`);
  if (netns.length) log(`removed pod network namespaces ${netns.map((p) => basename(p)).join(', ')}`);
  removePodCgroups();

  for (const name of ['kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd'] as const) await stop(name, log);

  // kube-proxy removes its own chains (iptables, ip6tables, and nftables if it used them).
  if (existsSync(kubeBin('kube-proxy'))) tryRun(kubeBin('kube-proxy'), ['--cleanup', '--v=0']);
  removeSeedHostNetwork();
  await removeLabNetwork();
  // Pods are gone, so are their addresses: stale leases would leak the range.
  rmSync(cniIpamDir, { recursive: true, force: true });
  rmSync(runDir, { recursive: true, force: true });
  if (purge) {
    unmountUnder([stateDir]);
    rmSync(stateDir, { recursive: true, force: true });
    log(`purged ${stateDir}`);
  }
  const left = describeLeftovers(findLeftovers());
  if (left.length === 0) log('lab is down: no lab process, network namespace, mount, interface or cgroup is left');
  else for (const l of left) log(`left behind: ${l}`);
  return left;
}
