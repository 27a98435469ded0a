// Reading devices back (with their live state) and the cut/heal faults.
import { runningInit } from './boot';
import { deviceMemoryLimit } from './cgroups';
import { DeviceLabError } from './exec';
import { siteUplinkUp } from '../sites/router';
import { outerNetns, setUplink, uplinkIsUp } from './links';
import { withDeviceLock } from './lock';
import { readAllDeviceInfos, readDeviceInfo, type DeviceInfo, type DeviceState } from './store';

async function liveState(info: DeviceInfo): Promise<DeviceState> {
  if ((await runningInit(info.name)) === undefined) return 'stopped';
  if ((await uplinkIsUp(info.name, outerNetns(info))) !== true) return 'cut';
  if (info.site && (await siteUplinkUp(info.site)) !== true) return 'cut';
  // Behind a cut (or stopped) bastion the device is cut off as well.
  const bastion = info.behind ? await readDeviceInfo(info.behind) : undefined;
  return bastion && (await liveState(bastion)) !== 'running' ? 'cut' : 'running';
}

async function withState(info: DeviceInfo): Promise<DeviceInfo> {
  return { ...info, memoryLimitBytes: await deviceMemoryLimit(info.name), state: await liveState(info) };
}

export async function listDevices(): Promise<DeviceInfo[]> {
  return Promise.all((await readAllDeviceInfos()).map(withState));
}

export async function getDevice(name: string): Promise<DeviceInfo | undefined> {
  const info = await readDeviceInfo(name);
  return info ? withState(info) : undefined;
}

/**
 * cut: the outer end of the device's veth goes down, so packets are dropped
 * both ways and established TCP connections stall (they are not reset).
 * heal: it goes up again; nothing inside the device restarts.
 */
export function setDeviceLink(name: string, up: boolean): Promise<DeviceInfo> {
  return withDeviceLock(async () => {
    const info = await readDeviceInfo(name);
    if (!info) throw new DeviceLabError(`no device ${name}`);
    if ((await runningInit(name)) === undefined) throw new DeviceLabError(`device ${name} is not running`);
    await setUplink(name, outerNetns(info), up);
    return withState(info);
  });
}

/**
 * `nsenter` arguments that run a command inside the device's namespaces
 * without SSH (probes in tests, e.g. while the device is cut). The process
 * stays in the caller's cgroup: not for starting the device's own services.
 */
export async function deviceNsenterArgs(name: string): Promise<string[]> {
  const pid = await runningInit(name);
  if (pid === undefined) throw new DeviceLabError(`device ${name} is not running`);
  return ['-t', String(pid), '--net', '--mount', '--uts', '--ipc', '--pid', '--cgroup', '--'];
}
