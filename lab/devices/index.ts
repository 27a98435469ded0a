// `lab device ...`: the device half of the lab, called by lab/cli.ts with the
// words after `device`, and the functions the seed side and tests use.
import { deviceArchs, type DeviceArch } from './emulation';
import { formatTable, parseArgs as parse, type Parsed } from './cliParts';
import { DeviceLabError } from './exec';
import { ensureLabNetwork } from './network';
import { addDevice, removeAllDevices, removeDevice } from './lifecycle';
import { deviceNsenterArgs, getDevice, listDevices, setDeviceLink } from './query';
import type { DeviceAuth, DeviceInfo } from './store';
import { formatMemory, parseMemory } from './units';

export { ensureLabNetwork };
export { removeLabNetwork } from './network';
export { addDevice, removeAllDevices, removeDevice, getDevice, listDevices, setDeviceLink, deviceNsenterArgs };
export { devicePaths } from './paths';
export type { DeviceInfo, DeviceAuth };
export type { DeviceCredentials } from './store';
export { readCredentials } from './store';
export { knownHostsFile, sshConfigFile, clientKeyFile } from './paths';

const usage = `usage: lab device <verb>
  add NAME [--behind BASTION | --site SITE] [--auth key|password] [--memory 512M] [--arch amd64|arm64]
                            (arm64: runs the linux-arm64 bundle under qemu-user)
  list
  remove NAME [--force]     (--force also removes the devices behind a bastion)
  cut NAME | heal NAME      (the device loses / regains its link)`;

function table(devices: DeviceInfo[]): string {
  const rows = [['NAME', 'ADDRESS', 'ARCH', 'AUTH', 'BEHIND', 'SITE', 'STATE', 'MEMORY', 'HOST KEY']];
  for (const d of devices) rows.push([d.name, d.address, d.arch ?? 'amd64', d.auth, d.behind ?? '-', d.site ?? '-', d.state ?? '?', formatMemory(d.memoryLimitBytes), d.hostKeyFingerprint]);
  return formatTable(rows);
}

function one(p: Parsed, verb: string): string {
  const [name, extra] = p.positional;
  if (!name || extra !== undefined) throw new DeviceLabError(`lab device ${verb} takes one NAME\n${usage}`);
  return name;
}

async function dispatch(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'add': {
      const p = parse(rest, ['behind', 'site', 'auth', 'memory', 'arch']);
      const name = one(p, 'add');
      const auth = (p.flags.get('auth') ?? 'key') as string;
      if (auth !== 'key' && auth !== 'password') throw new DeviceLabError(`--auth ${auth}: use key or password`);
      for (const k of p.flags.keys()) if (!['behind', 'site', 'auth', 'memory', 'arch'].includes(k)) throw new DeviceLabError(`unknown option --${k}`);
      const arch = (p.flags.get('arch') ?? 'amd64') as string;
      if (!deviceArchs.includes(arch as DeviceArch)) throw new DeviceLabError(`--arch ${arch}: use ${deviceArchs.join(' or ')}`);
      const memory = p.flags.get('memory');
      const behind = p.flags.get('behind');
      const site = p.flags.get('site');
      const started = Date.now();
      // A device hangs off the lab bridge: make sure it exists (idempotent; `lab up` does the same).
      await ensureLabNetwork();
      const r = await addDevice({
        name,
        auth,
        behind: typeof behind === 'string' ? behind : undefined,
        site: typeof site === 'string' ? site : undefined,
        memoryLimitBytes: typeof memory === 'string' ? parseMemory(memory) : undefined,
        arch: arch as DeviceArch,
      });
      const d = r.info;
      if (r.restarted) console.log(`device ${name} had stopped; booted it again at ${d.address} with its own tree and host key`);
      else if (!r.created) console.log(`device ${name} already exists and runs at ${d.address}; nothing changed`);
      else console.log(`device ${name} added at ${d.address}${d.behind ? ` behind ${d.behind}` : ''}${d.site ? ` in site ${d.site}` : ''} (${d.auth} auth${d.arch === 'arm64' ? ', arm64 under qemu-user' : ''}, host key ${d.hostKeyFingerprint}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(`  ssh -F ${d.sshConfigFile} ${name}`);
      if (d.auth === 'password') console.log(`  password (also for sudo) in ${d.passwordFile}`);
      return 0;
    }
    case 'list': {
      const devices = await listDevices();
      console.log(devices.length ? table(devices) : 'no devices');
      return 0;
    }
    case 'remove': {
      const p = parse(rest, []);
      const name = one(p, 'remove');
      const removed = await removeDevice(name, p.flags.get('force') === true);
      console.log(removed ? `device ${name} removed` : `no device ${name}; nothing to remove`);
      return 0;
    }
    case 'cut':
    case 'heal': {
      const name = one(parse(rest, []), verb);
      const d = await setDeviceLink(name, verb === 'heal');
      console.log(`device ${name}: link ${verb === 'cut' ? 'cut' : 'restored'} (state ${d.state})`);
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return verb === undefined ? 2 : 0;
    default:
      console.error(`unknown device verb "${verb}"\n${usage}`);
      return 2;
  }
}

/** Runs `lab device ...`; returns the exit code. Errors are printed, never thrown. */
export async function deviceCommand(argv: string[]): Promise<number> {
  if (process.getuid?.() !== 0) {
    console.error('lab device needs root (network namespaces, mounts, cgroups): run it with sudo');
    return 1;
  }
  try {
    return await dispatch(argv);
  } catch (e) {
    console.error(`lab device ${argv[0] ?? ''}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
