// Lab devices against real parts: netns, sshd, the lab known_hosts, ssh -J,
// a password device through ssh2, cut/heal of a live TCP connection, and a
// removal that leaves nothing behind. Needs root; not the seed.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from 'ssh2';
import { lab } from '../../lab/config';
import {
  addDevice,
  deviceCommand,
  deviceNsenterArgs,
  devicePaths,
  ensureLabNetwork,
  getDevice,
  readCredentials,
  removeDevice,
  setDeviceLink,
  type DeviceInfo,
} from '../../lab/devices/index';

const isRoot = process.getuid?.() === 0;
const tag = randomBytes(2).toString('hex');
const names = { key: `it${tag}-key`, inner: `it${tag}-inner`, pw: `it${tag}-pw`, half: `it${tag}-half` };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(cmd: string, args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const c = execFile(cmd, args, { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    c.stdin?.end(input ?? '');
  });
}

function ssh(d: DeviceInfo, command: string, extra: string[] = []): Promise<Run> {
  return sh('ssh', ['-F', d.sshConfigFile, '-o', 'BatchMode=yes', ...extra, d.name, command]);
}

function inDevice(nsenter: string[], script: string): Promise<Run> {
  return sh('nsenter', [...nsenter, 'bash', '-c', script]);
}

describe('lab devices', { skip: isRoot ? false : 'needs root' }, () => {
  let key: DeviceInfo;
  let inner: DeviceInfo;
  let pw: DeviceInfo;

  before(async () => {
    await ensureLabNetwork();
    key = (await addDevice({ name: names.key, auth: 'key', memoryLimitBytes: 256 * 1024 * 1024 })).info;
    inner = (await addDevice({ name: names.inner, auth: 'key', behind: names.key })).info;
    pw = (await addDevice({ name: names.pw, auth: 'password' })).info;
  });

  after(async () => {
    for (const n of [names.inner, names.half, names.pw, names.key]) await removeDevice(n, true);
  });

  test('ssh reaches a device by its address, with its host key verified', async () => {
    const r = await sh('ssh', [
      '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${key.knownHostsFile}`,
      '-o', 'IdentitiesOnly=yes', '-i', key.identityFile ?? '', `${key.user}@${key.address}`, 'hostname; id -un; sudo -n id -u',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [key.name, 'edge', '0']);

    // The same address with another key in known_hosts is refused: the key really is checked.
    const dir = await mkdtemp(join(tmpdir(), 'eplab-kh-'));
    const other = readFileSync(pw.knownHostsFile, 'utf8').split('\n').find((l) => l.startsWith(`${pw.name},`)) ?? '';
    writeFileSync(join(dir, 'known_hosts'), `${key.address} ${other.split(' ').slice(1).join(' ')}\n`);
    const bad = await sh('ssh', [
      '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`,
      '-i', key.identityFile ?? '', `${key.user}@${key.address}`, 'true',
    ]);
    await rm(dir, { recursive: true, force: true });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });

  test('a device behind a bastion is reachable only through it', async () => {
    assert.match(inner.address, /^10\.213\.[1-9]\d*\.\d+$/);
    const direct = await sh('ssh', [
      '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', '-o', `UserKnownHostsFile=${inner.knownHostsFile}`,
      '-i', inner.identityFile ?? '', `${inner.user}@${inner.address}`, 'true',
    ]);
    assert.notEqual(direct.code, 0);
    const jumped = await ssh(inner, 'hostname');
    assert.equal(jumped.code, 0, jumped.stderr);
    assert.equal(jumped.stdout.trim(), inner.name);
    // By address, with the bastion as jump host (ProxyCommand: -J would not pass -o/-i to the first hop).
    const hop = `ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=${key.knownHostsFile} -i ${key.identityFile ?? ''} -W %h:%p ${key.user}@${key.address}`;
    const explicit = await sh('ssh', [
      '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${inner.knownHostsFile}`,
      '-i', inner.identityFile ?? '', '-o', `ProxyCommand=${hop}`, `${inner.user}@${inner.address}`, 'hostname',
    ]);
    assert.equal(explicit.code, 0, explicit.stderr);
    assert.equal(explicit.stdout.trim(), inner.name);
    // The inner device still reaches the seed's address (the bastion forwards and masquerades).
    const server = await listen();
    try {
      const r = await ssh(inner, `exec 3<>/dev/tcp/${lab.hostAddress}/${server.port} && echo hi >&3 && read -r l <&3 && echo "$l"`);
      assert.equal(r.stdout.trim(), 'echo:hi', r.stderr);
    } finally {
      await server.close();
    }
  });

  test('a password device takes its password, and sudo asks for it', async () => {
    const creds = await readCredentials(pw.name);
    assert.ok(creds?.password && creds.sudoPassword);
    const pubkey = await sh('ssh', ['-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${pw.knownHostsFile}`, '-i', key.identityFile ?? '', `edge@${pw.address}`, 'true']);
    assert.notEqual(pubkey.code, 0, 'key auth must be off on a password device');

    const expected = Buffer.from(pw.hostKeyPublic.split(' ')[2] ?? '', 'base64');
    const conn = await connectSsh2(pw, creds.password, expected);
    try {
      assert.equal((await ssh2Exec(conn, 'sudo -n true 2>/dev/null; echo $?')).trim(), '1', 'sudo must require a password');
      assert.equal((await ssh2Exec(conn, "sudo -S -p '' id -u", `${creds.sudoPassword}\n`)).trim(), '0');
      assert.notEqual((await ssh2Exec(conn, "sudo -k; sudo -S -p '' id -u 2>/dev/null; echo rc=$?", 'wrong\n')).trim(), '0');
    } finally {
      conn.end();
    }
    await assert.rejects(connectSsh2(pw, 'not-the-password', expected));
    // A different expected host key is refused by the verifier.
    await assert.rejects(connectSsh2(pw, creds.password, Buffer.from(key.hostKeyPublic.split(' ')[2] ?? '', 'base64')));
  });

  test('cut stops traffic to the seed address both ways; heal resumes the same connection', async () => {
    const server = await listen();
    const nsenter = await deviceNsenterArgs(key.name);
    try {
      const before = await inDevice(nsenter, `exec 3<>/dev/tcp/${lab.hostAddress}/${server.port} && echo a >&3 && read -r l <&3 && echo "$l"`);
      assert.equal(before.stdout.trim(), 'echo:a', before.stderr);

      // A long-lived connection from inside the device that echoes what the host sends.
      const loop = spawn('nsenter', [...nsenter, 'bash', '-c', `exec 3<>/dev/tcp/${lab.hostAddress}/${server.port}; echo hello >&3; while read -r l <&3; do echo "back:$l" >&3; done`], { stdio: 'ignore' });
      const sock = await server.nextSocket();
      assert.equal(await sock.nextLine(), 'hello');
      sock.socket.write('one\n');
      assert.equal(await sock.nextLine(), 'back:one');

      assert.equal((await setDeviceLink(key.name, false)).state, 'cut');
      const cutProbe = await inDevice(nsenter, `timeout 3 bash -c 'exec 3<>/dev/tcp/${lab.hostAddress}/${server.port}' && echo connected || echo failed`);
      assert.equal(cutProbe.stdout.trim(), 'failed');
      const viaSsh = await ssh(key, 'true', ['-o', 'ConnectTimeout=2']);
      assert.notEqual(viaSsh.code, 0, 'the host cannot reach a cut device either');
      sock.socket.write('two\n');
      assert.equal(await sock.nextLine(2000).catch(() => 'nothing'), 'nothing', 'no reply crosses a cut link');

      assert.equal((await setDeviceLink(key.name, true)).state, 'running');
      // TCP retransmits "two" once the link is back: the same connection carries on.
      assert.equal(await sock.nextLine(60_000), 'back:two');
      const afterHeal = await inDevice(nsenter, `exec 3<>/dev/tcp/${lab.hostAddress}/${server.port} && echo b >&3 && read -r l <&3 && echo "$l"`);
      assert.equal(afterHeal.stdout.trim(), 'echo:b');
      loop.kill();
    } finally {
      await setDeviceLink(key.name, true).catch(() => undefined);
      await server.close();
    }
  });

  test('what a device writes stays inside it; its cgroups are its own subtree; no runtime until bootstrap', async () => {
    const marker = `marker-${tag}`;
    const w = await ssh(key, `sudo sh -c 'mkdir -p /etc/kubernetes /var/lib/kubelet && echo x > /etc/kubernetes/${marker} && echo x > /usr/local/bin/${marker} && echo x > /var/lib/kubelet/${marker}'`);
    assert.equal(w.code, 0, w.stderr);
    for (const f of [`/etc/kubernetes/${marker}`, `/usr/local/bin/${marker}`, `/var/lib/kubelet/${marker}`]) {
      assert.equal(existsSync(f), false, `${f} leaked to the host`);
      assert.equal(existsSync(join(devicePaths(key.name).root, f)), true, `${f} not in the device's tree`);
    }
    const cg = await ssh(key, 'sudo mkdir /sys/fs/cgroup/cpu/probe && cat /proc/self/cgroup | grep -c ":/$"; cat /sys/fs/cgroup/memory/memory.limit_in_bytes');
    assert.equal(cg.code, 0, cg.stderr);
    const [rootLines, limit] = cg.stdout.trim().split('\n');
    assert.ok(Number(rootLines) >= 8, 'the device sees its subtree as the cgroup root');
    assert.equal(Number(limit), 256 * 1024 * 1024);
    assert.ok(existsSync(`/sys/fs/cgroup/cpu/edgeplane-lab/${key.name}/probe`));
    const rt = await ssh(key, 'for b in containerd ctr runc kubelet containerd-shim-runc-v2; do command -v $b; done; ls /usr/local/bin; echo end');
    assert.equal(rt.stdout.trim(), `${marker}\nend`);
    const secrets = await ssh(key, 'ls /var/lib/edgeplane-lab 2>/dev/null | wc -l; ls /run/edgeplane-lab 2>/dev/null | wc -l');
    assert.equal(secrets.stdout.trim(), '0\n0', 'lab state and other devices are out of sight');
  });

  test('runc (brought in the way a bootstrap would) runs a container inside a device, in the device\'s cgroups', async () => {
    const root = devicePaths(key.name).root;
    copyFileSync('/usr/sbin/runc', join(root, 'usr/local/bin/runc'));
    try {
      const spec = await ssh(key, 'sudo mkdir -p /tmp/bundle/rootfs && cd /tmp/bundle && sudo runc spec');
      assert.equal(spec.code, 0, spec.stderr);
      const rootfs = join(root, 'tmp/bundle/rootfs');
      for (const d of ['usr', 'proc', 'dev', 'sys', 'tmp']) mkdirSync(join(rootfs, d), { recursive: true });
      for (const l of ['bin', 'lib', 'lib64', 'sbin']) if (!existsSync(join(rootfs, l))) symlinkSync(`usr/${l}`, join(rootfs, l));
      const configPath = join(root, 'tmp/bundle/config.json');
      const config = JSON.parse(readFileSync(configPath, 'utf8')) as {
        process: { terminal: boolean; args: string[] };
        mounts: unknown[];
        linux: { cgroupsPath?: string };
      };
      config.process.terminal = false;
      config.process.args = ['sh', '-c', 'grep memory /proc/self/cgroup; cat /sys/fs/cgroup/memory/memory.limit_in_bytes'];
      config.mounts.push({ destination: '/usr', type: 'bind', source: '/usr', options: ['rbind', 'ro'] });
      config.linux.cgroupsPath = '/kubepods/lab-test';
      writeFileSync(configPath, JSON.stringify(config));
      const r = await ssh(key, `cd /tmp/bundle && sudo runc run lab-${tag}`);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /memory:\/kubepods\/lab-test/);
    } finally {
      await ssh(key, 'sudo rm -rf /tmp/bundle /usr/local/bin/runc');
    }
  });

  test('add is idempotent and redoes a half-finished add', async () => {
    assert.equal((await addDevice({ name: key.name, auth: 'key' })).created, false);
    assert.equal(await deviceCommand(['add', key.name]), 0);
    // Leftovers of an interrupted add: a netns and a folder with a plan, no device.json.
    const p = devicePaths(names.half);
    await sh('ip', ['netns', 'add', p.netns]);
    await sh('mkdir', ['-p', p.dir]);
    writeFileSync(join(p.dir, 'plan.json'), JSON.stringify({ name: names.half, address: '10.213.0.250', auth: 'key' }));
    const r = await addDevice({ name: names.half, auth: 'key' });
    assert.equal(r.created, true);
    assert.equal((await ssh(r.info, 'hostname')).stdout.trim(), names.half);
    assert.equal((await getDevice(names.half))?.state, 'running');
  });

  test('a stopped device boots again with its tree and host key, and the devices behind it too', async () => {
    process.kill(Number(readFileSync(devicePaths(key.name).initPidFile, 'utf8')), 'SIGKILL');
    for (let i = 0; i < 200 && (await getDevice(key.name))?.state !== 'stopped'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await getDevice(key.name))?.state, 'stopped');
    const r = await addDevice({ name: key.name, auth: 'key' });
    assert.equal(r.restarted, true);
    // StrictHostKeyChecking=yes against the unchanged known_hosts: the host key survived.
    const back = await ssh(key, `hostname; cat /etc/kubernetes/marker-${tag}`);
    assert.equal(back.stdout.trim(), `${key.name}\nx`, back.stderr);
    assert.equal((await ssh(inner, 'hostname')).stdout.trim(), inner.name);
  });

  test('a bastion with devices behind it is not removed without --force', async () => {
    assert.equal(await deviceCommand(['remove', key.name]), 1);
    assert.equal((await getDevice(key.name))?.state, 'running');
  });

  test('remove leaves no netns, process, mount, cgroup or folder', async () => {
    const p = devicePaths(names.half);
    const init = Number(readFileSync(p.initPidFile, 'utf8'));
    assert.equal(await removeDevice(names.half, false), true);
    assert.equal(existsSync(`/run/netns/${p.netns}`), false);
    assert.equal(isRunning(init), false);
    assert.equal(existsSync(p.dir), false);
    assert.equal(readFileSync('/proc/self/mountinfo', 'utf8').includes(p.dir), false);
    for (const h of await readdir('/sys/fs/cgroup')) assert.equal(existsSync(`/sys/fs/cgroup/${h}/edgeplane-lab/${names.half}`), false, h);
    assert.equal((await sh('ip', ['link', 'show', p.uplinkVeth])).code !== 0, true);
    assert.equal(readFileSync(key.knownHostsFile, 'utf8').includes(`${names.half},`), false);
    assert.equal(await getDevice(names.half), undefined);
  });
});

/** A zombie waiting for its parent to reap it is not a running process. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

interface LineSocket {
  socket: Socket;
  nextLine(timeoutMs?: number): Promise<string>;
}

/** A TCP echo-ish server on the seed's address: answers "echo:<line>" to probes, hands other sockets to the test. */
async function listen(): Promise<{ port: number; close(): Promise<void>; nextSocket(): Promise<LineSocket> }> {
  const waiting: Array<(s: LineSocket) => void> = [];
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    const lines: string[] = [];
    const readers: Array<(l: string) => void> = [];
    let buf = '';
    let first = true;
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    const ls: LineSocket = {
      socket,
      nextLine: (timeoutMs = 10_000) =>
        new Promise((resolve, reject) => {
          const l = lines.shift();
          if (l !== undefined) return resolve(l);
          const reader = (x: string): void => {
            clearTimeout(t);
            resolve(x);
          };
          // A reader that timed out must not swallow a later line.
          const t = setTimeout(() => {
            readers.splice(readers.indexOf(reader), 1);
            reject(new Error(`no line within ${timeoutMs} ms`));
          }, timeoutMs);
          readers.push(reader);
        }),
    };
    socket.on('data', (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (first && line !== 'hello') {
          socket.write(`echo:${line}\n`);
          continue;
        }
        if (first) waiting.shift()?.(ls);
        first = false;
        const r = readers.shift();
        if (r) r(line);
        else lines.push(line);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, lab.hostAddress, r));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    nextSocket: () => new Promise((r) => waiting.push(r)),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

function connectSsh2(d: DeviceInfo, password: string, expectedKey: Buffer): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => resolve(c));
    c.on('error', reject);
    c.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => password)));
    c.connect({
      host: d.address,
      port: d.port,
      username: d.user,
      password,
      tryKeyboard: true,
      readyTimeout: 15_000,
      hostVerifier: (k: Buffer) => k.equals(expectedKey),
    });
  });
}

function ssh2Exec(c: Client, command: string, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, stream) => {
      if (err) return reject(err);
      let out = '';
      stream.on('data', (d: Buffer) => (out += d.toString()));
      stream.stderr.on('data', () => undefined);
      stream.on('close', () => resolve(out));
      stream.end(input ?? '');
    });
  });
}
