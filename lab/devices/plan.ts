// plan.json: written before a device's first resource exists, so that address
// allocation and cleanup know about half-finished devices too.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lab } from '../config';
import { devicePaths } from './paths';
import { deviceDirNames, readEach, type DeviceAuth, writeJson } from './store';
import { innerNetworkPrefix } from './links';
import type { DeviceArch } from './emulation';

export interface DevicePlan {
  name: string;
  address: string;
  auth: DeviceAuth;
  behind?: string;
  /** The lab site whose LAN the device sits on (lab/sites). */
  site?: string;
  memoryLimitBytes?: number;
  arch?: DeviceArch;
  /** n of the 10.213.n.0/24 network this device serves as a bastion. */
  innerNetwork?: number;
}

const planFile = (name: string): string => join(devicePaths(name).dir, 'plan.json');

export async function readPlan(name: string): Promise<DevicePlan | undefined> {
  try {
    return JSON.parse(await readFile(planFile(name), 'utf8')) as DevicePlan;
  } catch {
    return undefined;
  }
}

export async function writePlan(plan: DevicePlan): Promise<void> {
  await writeJson(planFile(plan.name), plan, 0o600);
}

export async function allPlans(): Promise<DevicePlan[]> {
  return readEach(await deviceDirNames(), readPlan);
}

/** A free address on the lab network (behind undefined), a bastion's inner network or a site's LAN. */
export function allocateAddress(plans: DevicePlan[], prefix: string, alsoUsed: string[] = [], fromTop = false): string {
  const used = new Set([...plans.map((p) => p.address), ...alsoUsed]);
  // .1 is the gateway (the host, or the bastion); low addresses stay free for the seed's own use.
  // Site routers take addresses from the top, devices from the bottom: the two rarely meet.
  for (let k = 10; k < 255; k++) {
    const i = fromTop ? 264 - k : k;
    if (!used.has(`${prefix}.${i}`)) return `${prefix}.${i}`;
  }
  throw new Error(`no free address left on ${prefix}.0/24`);
}

export function outerPrefix(): string {
  return lab.subnet.split('.').slice(0, 3).join('.');
}

/** A free 10.213.n.0/24; sites' LANs (alsoUsed) come from the same pool. */
export function allocateInnerNetwork(plans: DevicePlan[], alsoUsed: number[] = [], fromTop = false): number {
  const used = new Set([...plans.map((p) => p.innerNetwork).filter((n) => n !== undefined), ...alsoUsed]);
  // Sites from the top, bastions from the bottom.
  for (let k = 1; k < 255; k++) {
    const n = fromTop ? 255 - k : k;
    if (!used.has(n)) return n;
  }
  throw new Error('no free inner network left in 10.213.0.0/16');
}

export { innerNetworkPrefix };
