// site.json: written before a site's first resource exists (like a device's
// plan.json), so that allocation and cleanup know about half-made sites too.
import { mkdir, readFile } from 'node:fs/promises';
import { readEach, subdirNames, writeJson } from '../devices/store';
import { sitePaths, sitesStateDir } from './paths';

export interface SiteShaping {
  /** Added to the round trip (half on each direction). */
  delayMs?: number;
  /** Percent of packets dropped in each direction. */
  lossPct?: number;
  /** Bandwidth cap of each direction. */
  rateKbit?: number;
}

export interface SiteInfo extends SiteShaping {
  name: string;
  /** n of the site's LAN 10.213.n.0/24 (the same pool as bastions' inner networks). */
  network: number;
  lan: string;
  /** The router's address on the lab network (10.213.0.0/24): what the seed sees as the source of the site's traffic. */
  wanAddress: string;
  nat: boolean;
  /** The device SSH reaches through the router's port forward (NAT sites). */
  jump?: string;
  /** Filled in when read: 'cut' when the uplink is down. */
  state?: 'up' | 'cut' | 'broken';
}

export async function readSite(name: string): Promise<SiteInfo | undefined> {
  try {
    return JSON.parse(await readFile(sitePaths(name).siteJson, 'utf8')) as SiteInfo;
  } catch {
    return undefined;
  }
}

export async function writeSite(site: SiteInfo): Promise<void> {
  const { state: _state, ...stored } = site;
  await mkdir(sitePaths(site.name).dir, { recursive: true, mode: 0o755 });
  await writeJson(sitePaths(site.name).siteJson, stored, 0o644);
}

export const siteDirNames = (): Promise<string[]> => subdirNames(sitesStateDir);

export async function readAllSites(): Promise<SiteInfo[]> {
  return readEach(await siteDirNames(), readSite);
}
