// Lab sites against real parts: a NAT'ed site whose devices the host and the
// seed's pods cannot reach (a listener on the kubelet's port 10250 answers
// inside the site only), which still reaches the seed's apiserver, is entered
// over SSH through its jump host, is cut and healed, and whose link is shaped
// (round trip and throughput measured). Needs root and the seed (for the pod).
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { lab, pauseVersion, seedContext, seedKubeconfig } from '../../lab/config';
import { addDevice, deviceNsenterArgs, ensureLabNetwork, getDevice, removeDevice, type DeviceInfo } from '../../lab/devices/index';
import { addSite, listSites, removeSite, setSiteLink, sitePaths, type SiteInfo } from '../../lab/sites/index';
import { deleteNamespace, ensureNamespace, kubeConfigFile } from './fleetSupport';
import { eventually } from '../support/eventually';

const isRoot = process.getuid?.() === 0;
const names = { nat: 's-itnat', open: 's-itopen', natDevice: 's-itn1', openDevice: 's-ito1' };
const namespace = 's-lab-sites';
const delayMs = 100;
const rateKbit = 4000;

function sh(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

/**
 * A TCP connect from a network namespace (undefined: the host), as a small
 * node script: "open" when it connected, otherwise the error (a drop shows as
 * "timeout"). `ms` is the connect time of each of `count` attempts.
 */
async function probe(netns: string | undefined, host: string, port: number, count = 1): Promise<{ result: string; ms: number[] }> {
  const script = `const net=require('net');const out=[];(async()=>{for(let i=0;i<${count};i++){const t=process.hrtime.bigint();
const r=await new Promise((res)=>{const s=net.connect(${port},'${host}');s.setTimeout(4000,()=>{s.destroy();res('timeout')});s.on('connect',()=>{s.destroy();res('open')});s.on('error',(e)=>res(e.code))});
out.push(Number(process.hrtime.bigint()-t)/1e6);if(r!=='open'){console.log(JSON.stringify({result:r,ms:out}));return}}console.log(JSON.stringify({result:'open',ms:out}))})()`;
  const cmd = netns ? ['ip', ['netns', 'exec', netns, process.execPath, '-e', script]] as const : [process.execPath, ['-e', script]] as const;
  const r = await sh(cmd[0], [...cmd[1]]);
  return JSON.parse(r.stdout.trim() || '{"result":"no output","ms":[]}') as { result: string; ms: number[] };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

describe('lab sites', { skip: isRoot ? false : 'needs root' }, () => {
  let natSite: SiteInfo;
  let natDevice: DeviceInfo;
  let openDevice: DeviceInfo;
  const listeners: ChildProcess[] = [];

  /** Something answering on the kubelet's port inside the device, as a kubelet would. */
  async function listenInDevice(name: string): Promise<void> {
    const child = spawn('nsenter', [...(await deviceNsenterArgs(name)), 'socat', 'TCP-LISTEN:10250,fork,reuseaddr', 'SYSTEM:echo kubelet'], { stdio: 'ignore' });
    listeners.push(child);
    await eventually(`a listener on ${name}:10250`, async () => ((await sh('ip', ['netns', 'exec', `eplab-${name}`, 'ss', '-Hltn', 'sport = :10250'])).stdout.includes('10250') ? true : undefined), 20_000);
  }

  before(async () => {
    await ensureLabNetwork();
    for (const d of [names.natDevice, names.openDevice]) await removeDevice(d, true);
    for (const s of [names.nat, names.open]) await removeSite(s, true);
    natSite = (await addSite({ name: names.nat, nat: true, delayMs, rateKbit })).site;
    await addSite({ name: names.open, nat: false });
    natDevice = (await addDevice({ name: names.natDevice, auth: 'key', site: names.nat })).info;
    openDevice = (await addDevice({ name: names.openDevice, auth: 'key', site: names.open })).info;
    await listenInDevice(names.natDevice);
    await listenInDevice(names.openDevice);
  });

  after(async () => {
    for (const l of listeners) l.kill('SIGKILL');
    await deleteNamespace(kubeConfigFile(seedKubeconfig, seedContext), namespace);
    for (const s of [names.nat, names.open]) await removeSite(s, true);
  });

  test('site list shows both sites; the NAT site has a jump host on its router address', async () => {
    const sites = await listSites();
    const nat = sites.find((s) => s.name === names.nat);
    assert.equal(nat?.state, 'up');
    assert.equal(nat?.jump, `${names.nat}-jump`);
    assert.equal(sites.find((s) => s.name === names.open)?.nat, false);
    assert.match(natDevice.address, /^10\.213\.\d+\.\d+$/);
    assert.ok(natDevice.address.startsWith(natSite.lan.replace(/0\/24$/, '')), `${natDevice.address} is on the site LAN ${natSite.lan}`);
  });

  test('inside the site the kubelet port answers; from the host it does not, nor sshd (the router drops, the host has a route)', async () => {
    const jumpNs = `eplab-${natSite.jump}`;
    assert.equal((await probe(jumpNs, natDevice.address, 10250)).result, 'open', 'a neighbour in the site reaches the device');
    const routes = (await sh('ip', ['-4', 'route', 'show', natSite.lan])).stdout;
    assert.match(routes, new RegExp(`via ${natSite.wanAddress.replace(/\./g, '\\.')}`), 'the host routes the LAN to the router');
    assert.notEqual((await probe(undefined, natDevice.address, 10250)).result, 'open', 'host -> NAT device :10250');
    assert.notEqual((await probe(undefined, natDevice.address, 22)).result, 'open', 'host -> NAT device :22');
    assert.notEqual((await probe(undefined, natSite.wanAddress, 10250)).result, 'open', 'host -> router :10250 (no forward)');
    // The control: the same listener in a site without NAT answers the host.
    assert.equal((await probe(undefined, openDevice.address, 10250)).result, 'open', 'host -> routed (non-NAT) device :10250');
  });

  test('from a pod on the seed, the NAT\'ed device\'s kubelet port does not answer', async () => {
    const kc = kubeConfigFile(seedKubeconfig, seedContext);
    const core = kc.makeApiClient(CoreV1Api);
    await ensureNamespace(kc, namespace, {});
    await core.createNamespacedPod({
      namespace,
      body: { metadata: { name: 'prober' }, spec: { containers: [{ name: 'pause', image: `registry.k8s.io/pause:${pauseVersion}`, imagePullPolicy: 'Never' }], terminationGracePeriodSeconds: 0 } },
    });
    const pod = await eventually('the prober pod Running with an IP', async () => {
      const p: V1Pod = await core.readNamespacedPod({ name: 'prober', namespace });
      return p.status?.phase === 'Running' && p.status.podIP ? p : undefined;
    });
    const podIp = pod.status?.podIP ?? '';
    assert.ok(podIp.startsWith('10.214.'), podIp);
    // The pod's own network namespace: the one whose interface holds its IP.
    const netns = await eventually('the pod network namespace', async () => {
      for (const ns of (await sh('ip', ['netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith('cni-'))) {
        if ((await sh('ip', ['-n', ns, '-4', '-o', 'addr'])).stdout.includes(` ${podIp}/`)) return ns;
      }
      return undefined;
    });
    assert.equal((await probe(netns, lab.hostAddress, lab.apiserverPort)).result, 'open', 'the pod reaches the seed');
    assert.equal((await probe(netns, openDevice.address, 10250)).result, 'open', 'the pod reaches a routed device');
    assert.notEqual((await probe(netns, natDevice.address, 10250)).result, 'open', 'pod -> NAT device :10250');
  });

  test('the NAT\'ed device reaches the seed\'s apiserver, its traffic leaving from the router\'s address', async () => {
    assert.equal((await probe(natDevice.netns, lab.hostAddress, lab.apiserverPort)).result, 'open');
    // What the seed sees as the peer: the router, not the device.
    const server = createServer((s) => s.end(`${s.remoteAddress}\n`, () => s.destroy()));
    await new Promise<void>((r) => server.listen(0, lab.hostAddress, r));
    try {
      const port = (server.address() as AddressInfo).port;
      const seen = await sh('ip', ['netns', 'exec', natDevice.netns, 'socat', '-T', '5', '-', `TCP:${lab.hostAddress}:${port}`]);
      assert.equal(seen.stdout.trim().replace(/^::ffff:/, ''), natSite.wanAddress);
    } finally {
      server.close();
    }
  });

  test('SSH reaches the NAT\'ed device only through the site\'s jump host', async () => {
    const r = await sh('ssh', ['-F', natDevice.sshConfigFile, '-o', 'BatchMode=yes', names.natDevice, 'hostname; echo $SSH_CONNECTION']);
    assert.equal(r.code, 0, r.stderr);
    const [hostname, conn] = r.stdout.trim().split('\n');
    assert.equal(hostname, names.natDevice);
    // The SSH client the device sees is the jump device on the LAN, not the host.
    const jump = await getDevice(natSite.jump ?? '');
    assert.equal(conn?.split(' ')[0], jump?.address);
    const direct = await sh('ssh', ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=4', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-i', natDevice.identityFile ?? '', `edge@${natDevice.address}`, 'true']);
    assert.notEqual(direct.code, 0, 'a direct SSH connection fails');
  });

  test('shaping is in effect: the round trip grows by the delay, throughput stays under the rate', async () => {
    const rtt = await probe(natDevice.netns, lab.hostAddress, lab.apiserverPort, 5);
    assert.equal(rtt.result, 'open');
    const direct = await probe(openDevice.netns, lab.hostAddress, lab.apiserverPort, 5);
    console.log(`TCP connect (one round trip) from the shaped site: median ${median(rtt.ms).toFixed(1)} ms; from an unshaped site ${median(direct.ms).toFixed(1)} ms`);
    assert.ok(median(rtt.ms) >= delayMs * 0.9, `round trip ${median(rtt.ms)} ms >= ${delayMs} ms`);
    // 1 MB up from the device: at 4000 kbit/s it cannot take less than 2 s.
    const open = new Set<Socket>();
    const server = createServer((s) => {
      open.add(s);
      let n = 0;
      s.on('data', (d: Buffer) => {
        n += d.length;
      });
      s.on('end', () => s.end(`${n}\n`));
    });
    await new Promise<void>((r) => server.listen(0, lab.hostAddress, r));
    try {
      const port = (server.address() as AddressInfo).port;
      const bytes = 1_000_000;
      const r = await sh('ip', ['netns', 'exec', natDevice.netns, 'sh', '-c', `t0=$(date +%s%N); head -c ${bytes} /dev/zero | socat -t 30 -T 30 - TCP:${lab.hostAddress}:${port},shut-down; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 ))`]);
      const [received, ms] = r.stdout.trim().split('\n').map(Number);
      assert.equal(received, bytes);
      const kbit = (bytes * 8) / (ms ?? 1);
      console.log(`1 MB from the shaped site in ${ms} ms: ${kbit.toFixed(0)} kbit/s (rate ${rateKbit} kbit/s)`);
      assert.ok(kbit <= rateKbit * 1.15, `${kbit.toFixed(0)} kbit/s <= ${rateKbit} kbit/s`);
    } finally {
      // A connection whose peer vanished (a failed run) would keep this process alive.
      for (const s of open) s.destroy();
      server.close();
    }
  });

  test('site cut takes the whole site off the network; heal brings it back with nothing restarted', async () => {
    const before = (await sh('cat', [`/run/edgeplane-lab/devices/${names.natDevice}/init.pid`])).stdout.trim();
    await setSiteLink(names.nat, false);
    assert.equal((await getDevice(names.natDevice))?.state, 'cut');
    assert.equal((await listSites()).find((s) => s.name === names.nat)?.state, 'cut');
    assert.notEqual((await probe(natDevice.netns, lab.hostAddress, lab.apiserverPort)).result, 'open', 'no way out while cut');
    await setSiteLink(names.nat, true);
    assert.equal((await getDevice(names.natDevice))?.state, 'running');
    assert.equal((await probe(natDevice.netns, lab.hostAddress, lab.apiserverPort)).result, 'open', 'out again after heal');
    assert.equal((await sh('cat', [`/run/edgeplane-lab/devices/${names.natDevice}/init.pid`])).stdout.trim(), before, 'the device did not restart');
  });

  test('site remove --force takes its devices, router, link and route with it', async () => {
    const p = sitePaths(names.open);
    await assert.rejects(removeSite(names.open, false), /still has devices/);
    assert.equal(await removeSite(names.open, true), true);
    assert.equal(await getDevice(names.openDevice), undefined);
    assert.equal(existsSync(`/run/netns/${p.netns}`), false);
    assert.notEqual((await sh('ip', ['link', 'show', p.hostVeth])).code, 0);
    assert.equal((await sh('ip', ['-4', 'route', 'show', '10.213.0.0/16', 'match', openDevice.address])).stdout.includes('via'), false);
  });
});
