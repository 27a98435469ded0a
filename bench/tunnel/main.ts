// bench/tunnel: what the reverse tunnel costs, on the lab. A compact control
// plane (small) and one directly routable device: the agent's resident memory
// on the device, the Konnectivity server's in the control-plane pod, the
// compact control plane's total with the server included (goal < 256 MiB), and
// exec round trips and a 10 MiB `logs` transfer through the tunnel, then the
// same with the apiserver dialing the kubelet directly (its egress selector
// taken out of this bench's own control plane), then converged back by create.
//   npm run bench -- tunnel [--execs 20]
// Must run on the seed host (memory is read from /proc) and under the lab lock.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { bootstrapDevice } from '../../src/core/bootstrap/bootstrap';
import { devicePaths } from '../../src/core/bootstrap/paths';
import { getAdminKubeConfig } from '../../src/core/controlplane/access';
import { createControlPlane } from '../../src/core/controlplane/create';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { objectNames } from '../../src/core/controlplane/names';
import { connectSeed } from '../../src/core/kube/client';
import { execInPod } from '../../src/core/kube/podExec';
import { namespaceFor } from '../../src/core/seeds';
import { sleep } from '../../src/core/sleep';
import { busyboxImage } from '../../components/images';
import { byCommand, podProcesses, sumMiB } from '../controlplane/memory';
import { markdownTable, writeReport } from '../report';
import { addDevice, bootstrapOptionsFor, deviceRun, labSeed, memoryStateStore, removeDevice } from '../bootstrap/labFixture';

const cp = 't-bench';
const dev = 't-b1';
const ns = 'default';
const logBytes = 10 * 2 ** 20;
// The kubelet rotates a container's log at 10 MiB (containerLogMaxSize) and `logs` reads the
// current file only: the 10 MiB come from two pods of 5 MiB each.
const talkers = ['talker-0', 'talker-1'];
const state = memoryStateStore();
const execs = Number(process.argv[process.argv.indexOf('--execs') + 1]) || 20;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round1 = (x: number): number => Math.round(x * 10) / 10;

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(1000);
  }
}

interface PathFigures {
  execRoundTripMs: number;
  /** execs that did not finish within 30 s (left out of the median) */
  execFailures: number;
  logsSeconds: number;
  logsMiBps: number;
}

async function measurePath(kc: KubeConfig, path: string): Promise<PathFigures> {
  const core = kc.makeApiClient(CoreV1Api);
  await until('exec answers', async () => ((await execInPod(kc, ns, talkers[0]!, 'main', ['true'])).exitCode === 0 ? true : undefined), 120_000);
  const times: number[] = [];
  let execFailures = 0;
  for (let i = 0; i < execs; i++) {
    const t0 = performance.now();
    try {
      await execInPod(kc, ns, talkers[0]!, 'main', ['true']);
      times.push(performance.now() - t0);
    } catch (err) {
      execFailures++;
      console.error(`${path}: exec ${i + 1} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (times.length === 0) throw new Error(`${path}: every exec failed`);
  const t0 = performance.now();
  let bytes = 0;
  for (const name of talkers) bytes += (await core.readNamespacedPodLog({ name, namespace: ns, container: 'main' })).length;
  const seconds = (performance.now() - t0) / 1000;
  if (bytes < logBytes) throw new Error(`${path}: the logs hold ${bytes} bytes, expected ${logBytes}`);
  return { execRoundTripMs: round1(median(times)), execFailures, logsSeconds: round1(seconds * 100) / 100, logsMiBps: round1(bytes / 2 ** 20 / seconds) };
}

async function main(): Promise<void> {
  removeDevice(dev);
  await deleteControlPlane(labSeed, cp).catch(() => undefined);
  const seed = connectSeed(labSeed);
  try {
    const device = addDevice(dev);
    await createControlPlane(labSeed, { name: cp, layout: 'compact', size: 'small' });
    const kc = await getAdminKubeConfig(labSeed, cp);
    await bootstrapDevice(await bootstrapOptionsFor(device, { cluster: kc, controlPlane: cp, state }));
    const core = kc.makeApiClient(CoreV1Api);
    // 5 MiB of log lines (80 bytes each) per pod, then idle.
    for (const name of talkers) {
      await core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name },
          spec: {
            nodeSelector: { 'kubernetes.io/hostname': dev },
            terminationGracePeriodSeconds: 1,
            containers: [{ name: 'main', image: busyboxImage, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', `yes ${'a'.repeat(79)} | head -c ${logBytes / talkers.length}; exec sleep 36000`] }],
          },
        },
      });
    }
    for (const name of talkers) await until(`${name} running`, async () => ((await core.readNamespacedPod({ name, namespace: ns })).status?.phase === 'Running' ? true : undefined), 180_000);
    // Let the log be written and memory settle.
    await sleep(30_000);
    const tunnel = await measurePath(kc, 'tunnel');

    const agentKiB = Number((await deviceRun(dev, state, `awk '/^VmRSS/ {print $2}' /proc/$(cat ${devicePaths.runDir}/konnectivity-agent.pid)/status`)).trim());
    const kubeletKiB = Number((await deviceRun(dev, state, `awk '/^VmRSS/ {print $2}' /proc/$(cat ${devicePaths.runDir}/kubelet.pid)/status`)).trim());
    const pods = (await seed.core.listNamespacedPod({ namespace: namespaceFor(cp) })).items;
    const procs = podProcesses(pods.map((p) => p.metadata!.uid!));
    const per = byCommand(procs);
    const totalMiB = round1(sumMiB(procs));
    const serverMiB = per['proxy-server'] ?? 0;

    // The same requests with the apiserver dialing the kubelet itself: take the egress selector out.
    const nsName = namespaceFor(cp);
    const d = await seed.apps.readNamespacedDeployment({ name: objectNames.controlPlane, namespace: nsName });
    for (const c of d.spec!.template.spec!.containers) c.command = c.command?.filter((a) => !a.startsWith('--egress-selector-config-file='));
    await seed.apps.replaceNamespacedDeployment({ name: objectNames.controlPlane, namespace: nsName, body: d });
    await sleep(5000);
    await until('the control plane rolled', async () => {
      const x = await seed.apps.readNamespacedDeployment({ name: objectNames.controlPlane, namespace: nsName });
      return x.status?.updatedReplicas === 1 && x.status.readyReplicas === 1 && (x.status.replicas ?? 0) === 1 ? true : undefined;
    }, 300_000);
    const direct = await measurePath(kc, 'direct');
    // Converge back: create puts the egress selector in again.
    await createControlPlane(labSeed, { name: cp, layout: 'compact', size: 'small' });

    const report = {
      device: dev,
      controlPlane: `${cp} (compact, small)`,
      agentRssMiB: round1(agentKiB / 1024),
      kubeletRssMiB: round1(kubeletKiB / 1024),
      serverRssMiB: serverMiB,
      compactTotalMiB: totalMiB,
      compactByProcess: per,
      tunnel,
      direct,
      ratio: { execRoundTrip: round1((tunnel.execRoundTripMs / direct.execRoundTripMs) * 100) / 100, logs: round1((tunnel.logsSeconds / direct.logsSeconds) * 100) / 100 },
      goals: { compactTotalMiB: '< 256' },
    };
    const md = markdownTable(['figure', 'value', 'goal'], [
      ['agent resident memory on the device', `${report.agentRssMiB} MiB (kubelet: ${report.kubeletRssMiB} MiB)`, ''],
      ['Konnectivity server resident memory', `${serverMiB} MiB`, ''],
      ['compact control plane total, server included', `${totalMiB} MiB`, '< 256 MiB'],
      [`exec round trip (median of ${execs}), tunnel / direct`, `${tunnel.execRoundTripMs} / ${direct.execRoundTripMs} ms (x${report.ratio.execRoundTrip})`, ''],
      ['10 MiB logs (2 pods x 5 MiB), tunnel / direct', `${tunnel.logsSeconds} s (${tunnel.logsMiBps} MiB/s) / ${direct.logsSeconds} s (${direct.logsMiBps} MiB/s) (x${report.ratio.logs})`, ''],
    ]);
    writeReport('tunnel', report, md);
  } finally {
    removeDevice(dev);
    await deleteControlPlane(labSeed, cp).catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
