// Names and paths of one site: its router netns, uplink veth and state files.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runDir, stateDir } from '../config';

/** Short: a site's jump device is named NAME-jump, and device names stop at 32. */
export const siteNamePattern = /^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/;
export const sitesStateDir = join(stateDir, 'sites');
export const sitesRunDir = join(runDir, 'sites');
/** Router namespaces; not eplab-*, which names devices. */
export const siteNetnsPrefix = 'epsite-';
/** The LAN bridge inside the router (same name as a bastion's inner bridge: device links treat both alike). */
export const siteLanBridge = 'eplabin0';
/** The router's WAN end inside its netns. */
export const siteWan = 'wan0';

export interface SitePaths {
  name: string;
  dir: string;
  siteJson: string;
  runDir: string;
  delayPidFile: string;
  delayLog: string;
  netns: string;
  /** Uplink veth end on the host (on eplab0): cut/heal and the downlink shaping act on it. */
  hostVeth: string;
}

export function sitePaths(name: string): SitePaths {
  const hash = createHash('sha1').update(`site:${name}`).digest('hex').slice(0, 8);
  const run = join(sitesRunDir, name);
  return {
    name,
    dir: join(sitesStateDir, name),
    siteJson: join(sitesStateDir, name, 'site.json'),
    runDir: run,
    delayPidFile: join(run, 'netdelay.pid'),
    delayLog: join(run, 'netdelay.log'),
    netns: `${siteNetnsPrefix}${name}`,
    hostVeth: `eps${hash}`,
  };
}

export const jumpDeviceName = (site: string): string => `${site}-jump`;
