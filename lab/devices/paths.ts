// Names and paths of one device: its netns, veth, cgroup and state folders.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runDir, stateDir } from '../config';

/** Devices are also hostnames and Node names: a short DNS label. */
export const deviceNamePattern = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;

export const devicesStateDir = join(stateDir, 'devices');
export const devicesRunDir = join(runDir, 'devices');
export const sshDir = join(stateDir, 'ssh');
export const clientKeyFile = join(sshDir, 'id_ed25519');
export const knownHostsFile = join(sshDir, 'known_hosts');
export const sshConfigFile = join(sshDir, 'config');
/** Parent of every device's cgroup, in every v1 hierarchy (and cgroup2 at unified). */
export const cgroupParent = 'edgeplane-lab';
export const netnsPrefix = 'eplab-';
/** The bridge a bastion holds for the devices behind it (inside its own netns). */
export const innerBridge = 'eplabin0';

export interface DevicePaths {
  name: string;
  dir: string;
  /** The device's private trees (etc, var/lib, run, usr/local, ...). */
  root: string;
  deviceJson: string;
  credentialsJson: string;
  passwordFile: string;
  runDir: string;
  launcherPidFile: string;
  initPidFile: string;
  bootLog: string;
  stage1: string;
  stage2: string;
  netns: string;
  /** Uplink veth end outside the device: on the host (eplab0) or in the bastion's netns. */
  uplinkVeth: string;
}

export function devicePaths(name: string): DevicePaths {
  const dir = join(devicesStateDir, name);
  const run = join(devicesRunDir, name);
  // IFNAMSIZ is 16: derive a short stable interface name from the device name.
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8);
  return {
    name,
    dir,
    root: join(dir, 'root'),
    deviceJson: join(dir, 'device.json'),
    credentialsJson: join(dir, 'credentials.json'),
    passwordFile: join(dir, 'password'),
    runDir: run,
    launcherPidFile: join(run, 'launcher.pid'),
    initPidFile: join(run, 'init.pid'),
    bootLog: join(run, 'boot.log'),
    stage1: join(dir, 'boot-host.sh'),
    stage2: join(dir, 'boot-device.sh'),
    netns: `${netnsPrefix}${name}`,
    uplinkVeth: `epd${hash}`,
  };
}
