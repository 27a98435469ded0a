// bench/bootstrap: time from start to Node Ready for one lab device and for
// ten at once, bytes sent per device, resident memory of the device's kubelet
// + containerd. Prints figures beside the goals; never passes or fails on them.
//   npm run bench -- bootstrap [--devices 10] [--memory 256M]
import { CoreV1Api } from '@kubernetes/client-node';
import { bootstrapDevice } from '../../src/core/bootstrap/bootstrap';
import { resetDevice } from '../../src/core/bootstrap/reset';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { bootstrapInventory } from '../../src/core/inventory/fleet';
import type { InventoryHost } from '../../src/core/inventory/inventory';
import type { Logger } from '../../src/core/ports';
import { connect } from '../../src/core/ssh/connect';
import { Remote } from '../../src/core/ssh/exec';
import { busyboxImage } from '../../components/images';
import { markdownTable, writeReport } from '../report';
import { acceptAll, addDevice, bootstrapOptionsFor, ensureLabControlPlane, labKnownHosts, labSeed, labSsh, labSshConfig, memoryStateStore, removeDevice, targetFor } from './labFixture';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const fleetSize = Number(arg('devices', '10'));
const memory = arg('memory', '256M');
const cp = 'bs5bench';
const state = memoryStateStore();
const mib = (b: number): number => Math.round((b / 2 ** 20) * 10) / 10;

/** Records when each device's "ready" step finished, from the bootstrap's log lines. */
function readyClock(t0: Map<string, number>, readyAt: Map<string, number>): Logger {
  return {
    log: (_l, m) => {
      const hit = /^\[([^\]]+)\] ready: /.exec(m);
      if (hit?.[1]) readyAt.set(hit[1], Date.now() - (t0.get(hit[1]) ?? Date.now()));
    },
  };
}

interface DeviceRss {
  kubelet: number;
  containerd: number;
  shims: number;
  /** Processes in the pods' cgroups (pause and the containers). */
  pods: number;
  shimCount: number;
}

async function deviceRss(name: string): Promise<DeviceRss> {
  const conn = await connect(targetFor(name), { prompter: acceptAll, state, knownHostsFiles: [labKnownHosts], agentSocket: '' });
  try {
    const r = await new Remote(conn, { prompter: acceptAll }).sudoCheck('Reading RSS', `rss() { awk '/^VmRSS:/ {print $2*1024}' /proc/$1/status 2>/dev/null || echo 0; }
echo kubelet $(rss $(cat /run/edgeplane/kubelet.pid))
echo containerd $(rss $(cat /run/edgeplane/containerd.pid))
s=0; n=0; p=0
for d in /proc/[0-9]*; do
  if [ "$(readlink $d/exe)" = /usr/local/bin/containerd-shim-runc-v2 ]; then s=$((s + $(rss \${d#/proc/}))); n=$((n + 1));
  elif grep -q ':/kubepods' $d/cgroup 2>/dev/null; then p=$((p + $(rss \${d#/proc/}))); fi
done; echo shims $s; echo shimCount $n; echo pods $p`, { quiet: true });
    const v = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split(' ')).map(([k, n]) => [k, Number(n)]));
    return { kubelet: v.kubelet ?? 0, containerd: v.containerd ?? 0, shims: v.shims ?? 0, pods: v.pods ?? 0, shimCount: v.shimCount ?? 0 };
  } finally {
    conn.close();
  }
}

async function main(): Promise<void> {
  console.log(`bench/bootstrap: control plane ${cp}, devices with --memory ${memory}`);
  const cluster = await ensureLabControlPlane(cp);
  const base = { cluster, controlPlane: cp, state };
  const names = ['b5s0', ...Array.from({ length: fleetSize }, (_, i) => `b5f${i}`)];
  for (const n of names) removeDevice(n);
  try {
    // One device.
    const one = addDevice('b5s0', { memory });
    const t0 = new Map([['b5s0', Date.now()]]);
    const readyAt = new Map<string, number>();
    const start = Date.now();
    const r1 = await bootstrapDevice(await bootstrapOptionsFor(one, base, { logger: readyClock(t0, readyAt) }));
    const oneTotal = Date.now() - start;
    await new Promise((r) => setTimeout(r, 10000)); // let the kubelet settle before reading RSS
    const rss = await deviceRss('b5s0');
    // The same device with one running pod: what a workload adds beyond kubelet and containerd.
    const core = cluster.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'bench-one' }, spec: { nodeName: 'b5s0', containers: [{ name: 'main', image: busyboxImage, command: ['sleep', '3600'] }] } } });
    for (let i = 0; i < 120; i++) {
      if ((await core.readNamespacedPod({ name: 'bench-one', namespace: 'default' })).status?.phase === 'Running') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, 10000));
    const withPod = await deviceRss('b5s0');
    await core.deleteNamespacedPod({ name: 'bench-one', namespace: 'default', gracePeriodSeconds: 0 });
    const t1 = Date.now();
    const again = await bootstrapDevice(await bootstrapOptionsFor(one, base));
    const rerunMs = Date.now() - t1;

    // Ten at once, through the inventory runner.
    for (const n of names.slice(1)) addDevice(n, { memory });
    const hosts: InventoryHost[] = names.slice(1).map((n) => ({ name: n, host: n, labels: {}, groups: [], source: 'bench' }));
    const opts = await bootstrapOptionsFor(one, base);
    const fleetT0 = new Map<string, number>();
    const fleetReady = new Map<string, number>();
    const fleetStart = Date.now();
    for (const h of hosts) fleetT0.set(h.name, fleetStart);
    const summary = await bootstrapInventory({
      hosts,
      concurrency: fleetSize,
      ssh: { configFile: labSshConfig },
      base: { ...opts, logger: readyClock(fleetT0, fleetReady) },
    });
    const fleetTotal = Date.now() - fleetStart;
    const fleetRss = await Promise.all(names.slice(1, 4).map((n) => deviceRss(n).catch(() => undefined)));

    const result = {
      when: new Date().toISOString(),
      kubernetesVersion: opts.kubernetesVersion,
      deviceMemoryLimit: memory,
      one: { readyMs: readyAt.get('b5s0'), totalMs: oneTotal, bytesSent: r1.bytesSent, rerunMs, rerunActed: again.steps.filter((s) => s.acted).map((s) => s.step), rerunBytesSent: again.bytesSent },
      rssBytes: rss,
      rssWithOnePodBytes: withPod,
      fleet: {
        devices: fleetSize,
        succeeded: summary.succeeded,
        failed: summary.outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.error}`),
        allReadyMs: Math.max(...[...fleetReady.values()]),
        totalMs: fleetTotal,
        bytesSentPerDevice: Math.round(summary.outcomes.reduce((a, o) => a + (o.bytesSent ?? 0), 0) / Math.max(1, summary.succeeded)),
        rssSampleBytes: fleetRss,
      },
    };
    const kc = rss.kubelet + rss.containerd;
    const oneReady = (result.one.readyMs ?? oneTotal) / 1000;
    const tenReady = result.fleet.allReadyMs / 1000;
    const rows = [
      ['one device: start → Node Ready', `${oneReady.toFixed(1)} s`, '< 60 s', oneReady < 60 ? 'met' : 'missed'],
      ['one device: whole run (incl. CSR, labels, token cleanup)', `${(oneTotal / 1000).toFixed(1)} s`, '', ''],
      // The goal: "one device Ready in under 60 s, ten at once in under twice that".
      [`${fleetSize} devices at once: start → all Ready`, `${tenReady.toFixed(1)} s (${summary.succeeded}/${fleetSize} joined)`, '< 120 s (2× the one-device goal)', tenReady < 120 ? 'met' : 'missed'],
      [`${fleetSize} devices at once against one device measured now`, `${(tenReady / oneReady).toFixed(1)}× (${tenReady.toFixed(1)} s vs ${oneReady.toFixed(1)} s)`, '', ''],
      ['bytes sent per device (first run)', `${mib(r1.bytesSent)} MiB`, '', ''],
      ['bytes sent on a converged re-run', `${(again.bytesSent / 1024).toFixed(1)} KiB, ${(rerunMs / 1000).toFixed(1)} s, steps acted: ${result.one.rerunActed.length ? result.one.rerunActed.join(', ') : 'none'}`, '', ''],
      ['RSS kubelet + containerd on the device', `${mib(kc)} MiB (kubelet ${mib(rss.kubelet)}, containerd ${mib(rss.containerd)}; shims ${mib(rss.shims)})`, '< 150 MiB', mib(kc) < 150 ? 'met' : 'missed'],
      ['the same device with one running pod (busybox sleep)', `kubelet ${mib(withPod.kubelet)} MiB, containerd ${mib(withPod.containerd)} MiB; ${withPod.shimCount} shim(s) ${mib(withPod.shims)} MiB; pod processes (pause + container) ${mib(withPod.pods)} MiB`, '', ''],
    ];
    const md = markdownTable(['measure', 'value', 'goal', ''], rows);
    writeReport('bootstrap', result, md);
  } finally {
    for (const n of names) {
      await resetDevice({ target: targetFor(n), cluster, ssh: labSsh(state, { readyTimeoutMs: 5000 }) }).catch(() => undefined);
      removeDevice(n);
    }
    await deleteControlPlane(labSeed, cp).catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
