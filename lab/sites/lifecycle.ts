// Adding and removing sites. A site's record is written before its router
// exists, so that a failed add, `site remove` and `lab down` find every piece.
import { rm } from 'node:fs/promises';
import { DeviceLabError, exec } from '../devices/exec';
import { addDevice, removeDevice } from '../devices/lifecycle';
import { withDeviceLock } from '../devices/lock';
import { allocateAddress, allocateInnerNetwork, allPlans, outerPrefix } from '../devices/plan';
import { writeSshFiles } from '../devices/sshFiles';
import { ensureNetdelay } from './netdelay';
import { jumpDeviceName, siteNamePattern, siteNetnsPrefix, sitePaths } from './paths';
import { applyShaping, createRouter, forwardSshTo, removeRouter, setSiteUplink, siteUplinkUp } from './router';
import { readAllSites, readSite, siteDirNames, type SiteInfo, type SiteShaping, writeSite } from './store';

export interface SiteOptions extends SiteShaping {
  name: string;
  nat: boolean;
}

export interface SiteAddResult {
  site: SiteInfo;
  created: boolean;
}

function sameShape(a: SiteShaping, b: SiteShaping): boolean {
  return a.delayMs === b.delayMs && a.lossPct === b.lossPct && a.rateKbit === b.rateKbit;
}

async function siteDevices(name: string): Promise<string[]> {
  return (await allPlans()).filter((p) => p.site === name).map((p) => p.name);
}

/**
 * Creates the site (router, NAT, shaping) and, for a NAT site, its jump
 * device with the router's port 22 forwarded to it. On an existing site it
 * re-creates what is missing (after a reboot) and applies new shaping; it
 * refuses to flip NAT on a site that exists.
 */
export async function addSite(opts: SiteOptions): Promise<SiteAddResult> {
  if (!siteNamePattern.test(opts.name)) throw new DeviceLabError(`site name "${opts.name}": use lower-case letters, digits and "-" (at most 20)`);
  if (opts.delayMs) ensureNetdelay();
  const { site, created } = await withDeviceLock(async () => {
    const old = await readSite(opts.name);
    if (old && old.nat !== opts.nat) throw new DeviceLabError(`site ${opts.name} exists ${old.nat ? 'with' : 'without'} --nat; remove it first to change that`);
    const s: SiteInfo = old
      ? { ...old, delayMs: opts.delayMs, lossPct: opts.lossPct, rateKbit: opts.rateKbit }
      : {
          name: opts.name,
          nat: opts.nat,
          network: allocateInnerNetwork(await allPlans(), (await readAllSites()).map((x) => x.network), true),
          wanAddress: allocateAddress((await allPlans()).filter((p) => !p.behind && !p.site), outerPrefix(), (await readAllSites()).map((x) => x.wanAddress), true),
          lan: '',
          jump: opts.nat ? jumpDeviceName(opts.name) : undefined,
          delayMs: opts.delayMs,
          lossPct: opts.lossPct,
          rateKbit: opts.rateKbit,
        };
    s.lan = `10.213.${s.network}.0/24`;
    const unchanged = old !== undefined && (await siteUplinkUp(s.name)) !== undefined && sameShape(old, s);
    await writeSite(s);
    try {
      await createRouter(s);
      if (!unchanged) await applyShaping(s);
    } catch (e) {
      if (!old) await removeSiteLocked(s.name).catch(() => undefined);
      throw e;
    }
    return { site: s, created: !old };
  });
  if (site.jump) {
    try {
      const jump = await addDevice({ name: site.jump, auth: 'key', site: site.name });
      await forwardSshTo(site, jump.info.address);
      // Its known_hosts line and HostName name the router's address.
      await writeSshFiles();
    } catch (e) {
      if (created) await removeSite(site.name, true).catch(() => undefined);
      throw e;
    }
  }
  return { site, created };
}

async function removeSiteLocked(name: string): Promise<void> {
  const s = await readSite(name);
  await removeRouter(s ?? { name, network: 0, wanAddress: '' });
  await rm(sitePaths(name).dir, { recursive: true, force: true });
}

/** Removes the site and its jump device; other devices in it need `force` (which removes them too). */
export async function removeSite(name: string, force: boolean): Promise<boolean> {
  const known = (await siteDirNames()).includes(name) || (await siteUplinkUp(name)) !== undefined || (await netnsExists(name));
  if (!known) return false;
  const s = await readSite(name);
  const devices = (await siteDevices(name)).filter((d) => d !== s?.jump);
  if (devices.length > 0 && !force) throw new DeviceLabError(`site ${name} still has devices ${devices.join(', ')}: remove them first, or pass --force to remove them too`);
  // Devices behind a bastion in the site go with their bastion (--force).
  for (const d of [...devices, ...(s?.jump ? [s.jump] : [])]) await removeDevice(d, true);
  await withDeviceLock(() => removeSiteLocked(name));
  await writeSshFiles();
  return true;
}

async function netnsExists(name: string): Promise<boolean> {
  return (await exec('ip', ['netns', 'pids', sitePaths(name).netns])).code === 0;
}

export async function listSites(): Promise<SiteInfo[]> {
  const out: SiteInfo[] = [];
  for (const s of await readAllSites()) {
    const up = await siteUplinkUp(s.name);
    out.push({ ...s, state: up === undefined ? 'broken' : up ? 'up' : 'cut' });
  }
  return out;
}

export function setSiteLink(name: string, up: boolean): Promise<SiteInfo> {
  return withDeviceLock(async () => {
    const s = await readSite(name);
    if (!s || (await siteUplinkUp(name)) === undefined) throw new DeviceLabError(`no site ${name} (or its router is gone: \`lab site add ${name}\` again)`);
    await setSiteUplink(s, up);
    return { ...s, state: up ? 'up' : 'cut' };
  });
}

/** Every site, finished or not, and every epsite-* netns (devices must be gone first). */
export async function removeAllSites(): Promise<void> {
  const names = new Set(await siteDirNames());
  const r = await exec('ip', ['-j', 'netns', 'list']);
  if (r.code === 0 && r.stdout.trim()) {
    for (const n of JSON.parse(r.stdout) as Array<{ name: string }>) if (n.name.startsWith(siteNetnsPrefix)) names.add(n.name.slice(siteNetnsPrefix.length));
  }
  for (const n of names) await withDeviceLock(() => removeSiteLocked(n));
}
