// Adding and removing devices: each step checks before it acts, and removal
// tolerates whatever part of an earlier add exists.
import { randomBytes } from 'node:crypto';
import { readFile, rm, mkdir, writeFile, chmod } from 'node:fs/promises';
import { killDevice, runningInit, startDevice } from './boot';
import { createDeviceCgroups, removeCgroupParentIfEmpty, removeDeviceCgroups } from './cgroups';
import { DeviceLabError } from './exec';
import { siteUplinkUp } from '../sites/router';
import { readAllSites, readSite, type SiteInfo } from '../sites/store';
import { createDeviceLinks, createInnerNetwork, listLabNetns, outerNetns, removeDeviceLinks } from './links';
import { withDeviceLock } from './lock';
import { clientKeyFile, devicePaths, deviceNamePattern, knownHostsFile, netnsPrefix, sshConfigFile } from './paths';
import { allocateAddress, allocateInnerNetwork, allPlans, innerNetworkPrefix, outerPrefix, readPlan, type DevicePlan, writePlan } from './plan';
import { addArm64Userland, checkArm64Emulation, type DeviceArch } from './emulation';
import { buildRootfs, deviceUser } from './rootfs';
import { ensureClientKey, fingerprint, writeSshFiles } from './sshFiles';
import { deviceDirNames, type DeviceAuth, type DeviceCredentials, type DeviceInfo, readDeviceInfo, writeJson } from './store';

export interface AddOptions {
  name: string;
  behind?: string;
  /** A lab site (lab/sites) whose LAN the device joins. */
  site?: string;
  auth: DeviceAuth;
  memoryLimitBytes?: number;
  /** arm64: the device runs aarch64 programs under qemu-user (emulation.ts). */
  arch?: DeviceArch;
}

export interface AddResult {
  info: DeviceInfo;
  created: boolean;
  /** An existing but stopped device was booted again (same tree, same host key). */
  restarted: boolean;
}

async function ensureBastionNetwork(bastion: DevicePlan): Promise<string> {
  let n = bastion.innerNetwork;
  if (n === undefined) {
    n = allocateInnerNetwork(await allPlans(), (await readAllSites()).map((s) => s.network));
    await writePlan({ ...bastion, innerNetwork: n });
  }
  const prefix = innerNetworkPrefix(n);
  await createInnerNetwork(bastion.name, prefix);
  const info = await readDeviceInfo(bastion.name);
  if (info && info.innerNetwork !== `${prefix}.0/24`) {
    await writeJson(devicePaths(bastion.name).deviceJson, { ...info, innerNetwork: `${prefix}.0/24`, state: undefined }, 0o644);
  }
  return prefix;
}

/**
 * (Re)creates what does not survive a reboot of the machine (cgroups, netns,
 * links, processes) around an existing tree, and boots the device. Devices
 * behind it lose their uplinks with its netns, so they are booted again too.
 */
async function bootLocked(plan: DevicePlan): Promise<void> {
  const { name } = plan;
  await killDevice(name);
  await removeDeviceCgroups(name);
  await removeDeviceLinks(name, outerNetns(plan));
  let prefix = outerPrefix();
  if (plan.site) prefix = innerNetworkPrefix((await runningSite(plan.site)).network);
  if (plan.behind) {
    const bastion = await readPlan(plan.behind);
    if (!bastion || (await runningInit(plan.behind)) === undefined) throw new DeviceLabError(`bastion ${plan.behind} is not a running device: add it first`);
    prefix = await ensureBastionNetwork(bastion);
  }
  await createDeviceCgroups(name, plan.memoryLimitBytes);
  await createDeviceLinks(name, plan.address, outerNetns(plan), prefix);
  await startDevice(name);
  for (const dep of (await allPlans()).filter((x) => x.behind === name)) {
    if (await readDeviceInfo(dep.name)) await bootLocked(dep);
  }
}

/** The site, when its router is up; otherwise a message saying what to do. */
async function runningSite(name: string): Promise<SiteInfo> {
  const site = await readSite(name);
  if (!site || (await siteUplinkUp(name)) === undefined) throw new DeviceLabError(`site ${name} does not exist or its router is down: \`lab site add ${name}\` first`);
  return site;
}

async function addLocked(opts: AddOptions): Promise<AddResult> {
  const { name } = opts;
  if (!deviceNamePattern.test(name)) throw new DeviceLabError(`device name "${name}": use lower-case letters, digits and "-" (at most 32)`);
  const p = devicePaths(name);
  const existing = await readDeviceInfo(name);
  const existingPlan = await readPlan(name);
  if (existing && (await runningInit(name)) !== undefined) return { info: existing, created: false, restarted: false };
  if (existing && existingPlan) {
    // A finished device that stopped (e.g. the machine rebooted): boot it again with its own
    // tree and host key, as a real device would come back, instead of making a new one.
    await bootLocked(existingPlan);
    return { info: existing, created: false, restarted: true };
  }

  if (opts.arch === 'arm64') checkArm64Emulation();
  let bastion: DevicePlan | undefined;
  if (opts.site && opts.behind) throw new DeviceLabError('--site and --behind together: a device behind a bastion is in its bastion\'s site already');
  if (opts.site) await runningSite(opts.site);
  if (opts.behind) {
    if (opts.behind === name) throw new DeviceLabError('a device cannot be behind itself');
    bastion = await readPlan(opts.behind);
    if (!bastion || !(await readDeviceInfo(opts.behind)) || (await runningInit(opts.behind)) === undefined) {
      throw new DeviceLabError(`bastion ${opts.behind} is not a running device: add it first`);
    }
  }
  // Whatever an earlier, unfinished add left behind goes first.
  if (existingPlan || (await listLabNetns()).includes(p.netns)) await removeLocked(name, false);
  try {
    return await createLocked(opts, bastion);
  } catch (e) {
    // Leave nothing half-made; the error says what failed.
    await removeLocked(name, true).catch(() => undefined);
    throw e;
  }
}

async function createLocked(opts: AddOptions, bastion: DevicePlan | undefined): Promise<AddResult> {
  const { name } = opts;
  const p = devicePaths(name);
  await mkdir(p.dir, { recursive: true, mode: 0o700 });
  const site = opts.site ? await runningSite(opts.site) : undefined;
  const prefix = bastion ? await ensureBastionNetwork(bastion) : site ? innerNetworkPrefix(site.network) : outerPrefix();
  const plans = await allPlans();
  const address = bastion
    ? allocateAddress(plans.filter((x) => x.behind === bastion.name), prefix)
    : site
      ? allocateAddress(plans.filter((x) => x.site === site.name && !x.behind), prefix)
      : allocateAddress(plans.filter((x) => !x.behind && !x.site), prefix, (await readAllSites()).map((s) => s.wanAddress));
  const plan: DevicePlan = { name, address, auth: opts.auth, behind: opts.behind, site: opts.site, memoryLimitBytes: opts.memoryLimitBytes, arch: opts.arch };
  await writePlan(plan);

  const clientPublicKey = await ensureClientKey();
  const password = opts.auth === 'password' ? randomBytes(15).toString('base64url') : undefined;
  const { hostKeyOpenSsh } = await buildRootfs({ name, root: p.root, address, auth: opts.auth, clientPublicKey, password });
  if (opts.arch === 'arm64') await addArm64Userland(p.root, (m) => console.log(`device ${name}: ${m}`));
  await bootLocked(plan);

  const creds: DeviceCredentials = { user: deviceUser, auth: opts.auth };
  if (password !== undefined) {
    creds.password = password;
    creds.sudoPassword = password;
    await writeFile(p.passwordFile, `${password}\n`, { mode: 0o600 });
    await chmod(p.passwordFile, 0o600);
  } else {
    creds.identityFile = clientKeyFile;
  }
  await writeJson(p.credentialsJson, creds, 0o600);
  // A NAT site's jump device answers SSH at its router's address (port forward).
  const sshAddress = site?.nat && site.jump === name ? site.wanAddress : undefined;
  const info: DeviceInfo = {
    name,
    address,
    port: 22,
    user: deviceUser,
    auth: opts.auth,
    behind: opts.behind,
    site: opts.site,
    sshAddress,
    hostKeyAlgorithm: 'ssh-ed25519',
    hostKeyPublic: `${name},${sshAddress ? `${sshAddress},` : ''}${address} ${hostKeyOpenSsh}`,
    hostKeyFingerprint: fingerprint(hostKeyOpenSsh),
    identityFile: password === undefined ? clientKeyFile : undefined,
    passwordFile: password === undefined ? undefined : p.passwordFile,
    memoryLimitBytes: opts.memoryLimitBytes,
    arch: opts.arch ?? 'amd64',
    netns: p.netns,
    knownHostsFile,
    sshConfigFile,
  };
  await writeJson(p.deviceJson, info, 0o644);
  await writeSshFiles();
  return { info, created: true, restarted: false };
}

async function hostMountsUnder(dir: string): Promise<string[]> {
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4] ?? '');
  return mounts.filter((m) => m === dir || m.startsWith(`${dir}/`));
}

async function removeLocked(name: string, force: boolean): Promise<void> {
  const p = devicePaths(name);
  const plan = await readPlan(name);
  const dependents = (await allPlans()).filter((x) => x.behind === name).map((x) => x.name);
  if (dependents.length > 0 && !force) {
    throw new DeviceLabError(`${name} is the bastion of ${dependents.join(', ')}: remove those first, or pass --force to remove them too`);
  }
  for (const d of dependents) await removeLocked(d, true);
  await killDevice(name);
  await removeDeviceCgroups(name);
  await removeDeviceLinks(name, outerNetns(plan ?? {}));
  // Device mounts live in the device's own mount namespace; one on the host would mean rm -rf crosses into it.
  const leaked = await hostMountsUnder(p.dir);
  if (leaked.length > 0) throw new DeviceLabError(`${name}: host mounts remain under ${p.dir}: ${leaked.join(', ')}`);
  await rm(p.dir, { recursive: true, force: true });
  await writeSshFiles();
}

export function addDevice(opts: AddOptions): Promise<AddResult> {
  return withDeviceLock(() => addLocked(opts));
}

/** Returns false when there was no such device. */
export function removeDevice(name: string, force: boolean): Promise<boolean> {
  return withDeviceLock(async () => {
    const known = (await deviceDirNames()).includes(name) || (await listLabNetns()).includes(devicePaths(name).netns);
    if (!known) return false;
    await removeLocked(name, force);
    return true;
  });
}

/** Every device, finished or not, and every eplab-* netns: nothing of a device survives. */
export function removeAllDevices(): Promise<void> {
  return withDeviceLock(async () => {
    const names = new Set(await deviceDirNames());
    for (const ns of await listLabNetns()) names.add(ns.slice(netnsPrefix.length));
    // Inner devices first, so that no bastion is removed under them (removeLocked would do it anyway).
    const plans = await allPlans();
    const ordered = [...names].sort((a, b) => Number(!plans.find((x) => x.name === a)?.behind) - Number(!plans.find((x) => x.name === b)?.behind));
    for (const n of ordered) {
      if ((await deviceDirNames()).includes(n) || (await listLabNetns()).includes(devicePaths(n).netns)) await removeLocked(n, true);
    }
    await removeCgroupParentIfEmpty();
  });
}
