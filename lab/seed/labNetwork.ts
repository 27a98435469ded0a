// The lab bridge (eplab0, 10.213.0.1/24) and device cleanup belong to the
// devices half of the lab (lab/devices). They are loaded lazily so that the
// seed half still works while that half is being built; in that window a
// minimal bridge is made here so the seed has its node address.
import { existsSync } from 'node:fs';
import { lab } from '../config';
import { run, tryRun } from '../util/run';

interface NetworkModule {
  ensureLabNetwork(): Promise<void>;
  removeLabNetwork(): Promise<void>;
}
interface DevicesModule {
  removeAllDevices(): Promise<void>;
  deviceCommand(argv: string[]): Promise<number>;
}

const devicesDir = new URL('../devices/', import.meta.url).pathname;

async function load<T>(file: string): Promise<T | undefined> {
  if (!existsSync(`${devicesDir}${file}.ts`)) return undefined;
  // A computed specifier keeps the type checker from requiring the file to exist.
  const spec = `${devicesDir}${file}.ts`;
  return (await import(spec)) as T;
}

export async function ensureLabNetwork(): Promise<void> {
  const m = await load<NetworkModule>('network');
  if (m) return m.ensureLabNetwork();
  if (!existsSync(`/sys/class/net/${lab.bridge}`)) run('ip', ['link', 'add', lab.bridge, 'type', 'bridge']);
  tryRun('ip', ['addr', 'add', `${lab.hostAddress}/24`, 'dev', lab.bridge]);
  run('ip', ['link', 'set', lab.bridge, 'up']);
}

export async function removeLabNetwork(): Promise<void> {
  const m = await load<NetworkModule>('network');
  if (m) return m.removeLabNetwork();
  if (existsSync(`/sys/class/net/${lab.bridge}`)) tryRun('ip', ['link', 'delete', lab.bridge]);
}

export async function removeAllDevices(): Promise<void> {
  const m = await load<DevicesModule>('index');
  if (m) await m.removeAllDevices();
  // Sites after their devices: a device's uplink end sits in its site's router.
  const { removeAllSites } = await import('../sites/lifecycle');
  await removeAllSites();
}

export async function deviceCommand(argv: string[]): Promise<number> {
  const m = await load<DevicesModule>('index');
  if (!m) {
    console.error('lab device: the devices half of the lab (lab/devices/index.ts) is not present in this checkout.');
    return 2;
  }
  return m.deviceCommand(argv);
}
