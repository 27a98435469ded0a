// device.json and credentials.json: what tests, `npm start` and Edgeplane read.
import { chmod, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { DeviceArch } from './emulation';
import { devicePaths, devicesStateDir } from './paths';

export type DeviceAuth = 'key' | 'password';
export type DeviceState = 'running' | 'cut' | 'stopped';

export interface DeviceInfo {
  name: string;
  address: string;
  port: number;
  user: string;
  auth: DeviceAuth;
  /** The bastion this device is reachable through (ProxyJump), if any. */
  behind?: string;
  /** The lab site the device sits in, if any. */
  site?: string;
  /** Where SSH dials when that is not `address`: a NAT site's jump device is reached through its router's port forward. */
  sshAddress?: string;
  /** For a bastion: the inner network it serves, e.g. 10.213.1.0/24. */
  innerNetwork?: string;
  hostKeyAlgorithm: 'ssh-ed25519';
  /** known_hosts line: "<name>,<address> ssh-ed25519 AAAA...". */
  hostKeyPublic: string;
  hostKeyFingerprint: string;
  identityFile?: string;
  passwordFile?: string;
  /** memory.limit_in_bytes of the device's cgroup; absent when unlimited. */
  memoryLimitBytes?: number;
  /** What `uname -m` says inside: arm64 devices run the bundle under qemu-user. */
  arch?: DeviceArch;
  netns: string;
  knownHostsFile: string;
  sshConfigFile: string;
  /** Filled in when read: whether the device runs and whether its link is cut. */
  state?: DeviceState;
}

export interface DeviceCredentials {
  user: string;
  auth: DeviceAuth;
  identityFile?: string;
  password?: string;
  /** sudo asks for this (the user's own password) on password devices. */
  sudoPassword?: string;
}

/** Writes JSON atomically (tmp + rename) so readers never see half a file. */
export async function writeJson(path: string, value: unknown, mode: number): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  await chmod(tmp, mode);
  await rename(tmp, path);
}

export async function readDeviceInfo(name: string): Promise<DeviceInfo | undefined> {
  try {
    return JSON.parse(await readFile(devicePaths(name).deviceJson, 'utf8')) as DeviceInfo;
  } catch {
    return undefined;
  }
}

export async function readCredentials(name: string): Promise<DeviceCredentials | undefined> {
  try {
    return JSON.parse(await readFile(devicePaths(name).credentialsJson, 'utf8')) as DeviceCredentials;
  } catch {
    return undefined;
  }
}

/** Sorted names of the (non-hidden) folders in a lab state folder; none when it does not exist. */
export async function subdirNames(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** What `read` finds for each name, in order; names it finds nothing for are left out. */
export async function readEach<T>(names: string[], read: (name: string) => Promise<T | undefined>): Promise<T[]> {
  const out: T[] = [];
  for (const n of names) {
    const v = await read(n);
    if (v) out.push(v);
  }
  return out;
}

/** Names of every device folder, finished or not. */
export const deviceDirNames = (): Promise<string[]> => subdirNames(devicesStateDir);

/** Every finished device (one with a device.json). */
export async function readAllDeviceInfos(): Promise<DeviceInfo[]> {
  return readEach(await deviceDirNames(), readDeviceInfo);
}
