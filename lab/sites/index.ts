// `lab site ...`: sites, networks behind a router (optionally NAT'ed, shaped),
// whose devices are added with `lab device add NAME --site SITE`.
import { formatTable, parseArgs, runVerbs } from '../devices/cliParts';
import { DeviceLabError } from '../devices/exec';
import { ensureLabNetwork } from '../devices/network';
import { addSite, listSites, removeSite, setSiteLink } from './lifecycle';
import type { SiteInfo } from './store';

export { addSite, listSites, removeSite, setSiteLink, removeAllSites } from './lifecycle';
export { sitePaths, jumpDeviceName } from './paths';
export type { SiteInfo } from './store';

const usage = `usage: lab site <verb>
  add NAME [--nat] [--delay MS] [--loss PCT] [--rate KBIT]
                          a network behind a router; --nat: outbound only, SSH through NAME-jump;
                          --delay adds MS to the round trip; --loss and --rate act on each direction
  list [--json]
  remove NAME [--force]   (--force also removes the site's devices)
  cut NAME | heal NAME    (the whole site loses / regains its uplink)`;

function num(flag: string, v: string | true | undefined, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+(\.\d+)?$/.test(v) || !(n >= 0 && n <= max)) throw new DeviceLabError(`--${flag} ${String(v)}: give a number from 0 to ${max}`);
  return n === 0 ? undefined : n;
}

function shape(s: SiteInfo): string {
  const parts = [s.delayMs ? `+${s.delayMs} ms RTT` : '', s.lossPct ? `${s.lossPct} % loss each way` : '', s.rateKbit ? `${s.rateKbit} kbit/s each way` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : '-';
}

/** One NAME and only the options this verb knows (`switches` take no value). */
function args(argv: string[], valued: string[], switches: string[]): { name: string; flags: Map<string, string | true> } {
  const { positional, flags } = parseArgs(argv, valued);
  for (const [k, v] of flags) {
    if (!valued.includes(k) && !switches.includes(k)) throw new DeviceLabError(`unknown option --${k}\n${usage}`);
    if (valued.includes(k) && v === true) throw new DeviceLabError(`--${k} needs a value`);
  }
  if (positional.length !== 1) throw new DeviceLabError(`give one site NAME\n${usage}`);
  return { name: positional[0]!, flags };
}

const link = async (rest: string[], verb: string): Promise<number> => {
  const { name } = args(rest, [], []);
  await setSiteLink(name, verb === 'heal');
  console.log(`site ${name}: uplink ${verb === 'cut' ? 'cut' : 'restored'}`);
  return 0;
};

const verbs = {
  add: async (rest: string[]): Promise<number> => {
    const { name, flags } = args(rest, ['delay', 'loss', 'rate'], ['nat']);
    const opts = {
      name,
      nat: flags.has('nat'),
      delayMs: num('delay', flags.get('delay'), 10_000),
      lossPct: num('loss', flags.get('loss'), 100),
      rateKbit: num('rate', flags.get('rate'), 10_000_000),
    };
    await ensureLabNetwork();
    const { site, created } = await addSite(opts);
    console.log(`site ${name} ${created ? 'added' : 'exists; brought up to date'}: LAN ${site.lan} behind router ${site.wanAddress}${site.nat ? ' (NAT: outbound only)' : ''}, shaping ${shape(site)}`);
    if (site.jump) console.log(`  jump host ${site.jump} (the router's port 22 forwards to it); devices: \`lab device add NAME --site ${name}\``);
    return 0;
  },
  list: async (rest: string[]): Promise<number> => {
    const sites = await listSites();
    if (rest.includes('--json')) {
      console.log(JSON.stringify(sites));
      return 0;
    }
    const rows = [['NAME', 'LAN', 'ROUTER', 'NAT', 'JUMP', 'STATE', 'SHAPING']];
    for (const s of sites) rows.push([s.name, s.lan, s.wanAddress, s.nat ? 'yes' : 'no', s.jump ?? '-', s.state ?? '?', shape(s)]);
    console.log(sites.length ? formatTable(rows) : 'no sites');
    return 0;
  },
  remove: async (rest: string[]): Promise<number> => {
    const { name, flags } = args(rest, [], ['force']);
    console.log((await removeSite(name, flags.has('force'))) ? `site ${name} removed` : `no site ${name}; nothing to remove`);
    return 0;
  },
  cut: link,
  heal: link,
};

/** Runs `lab site ...`; returns the exit code. Errors are printed, never thrown. */
export function siteCommand(argv: string[]): Promise<number> {
  return runVerbs('site', usage, argv, verbs);
}
