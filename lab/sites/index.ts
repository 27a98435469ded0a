// `lab site ...`: sites, networks behind a router (optionally NAT'ed, shaped),
// whose devices are added with `lab device add NAME --site SITE`.
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
  list
  remove NAME [--force]   (--force also removes the site's devices)
  cut NAME | heal NAME    (the whole site loses / regains its uplink)`;

function num(flag: string, v: string | undefined, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n >= 0 && n <= max)) throw new DeviceLabError(`--${flag} ${v}: give a number from 0 to ${max}`);
  return n === 0 ? undefined : n;
}

function shape(s: SiteInfo): string {
  const parts = [s.delayMs ? `+${s.delayMs} ms RTT` : '', s.lossPct ? `${s.lossPct} % loss each way` : '', s.rateKbit ? `${s.rateKbit} kbit/s each way` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : '-';
}

function table(sites: SiteInfo[]): string {
  const rows = [['NAME', 'LAN', 'ROUTER', 'NAT', 'JUMP', 'STATE', 'SHAPING']];
  for (const s of sites) rows.push([s.name, s.lan, s.wanAddress, s.nat ? 'yes' : 'no', s.jump ?? '-', s.state ?? '?', shape(s)]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n');
}

function parse(argv: string[], valued: string[], bare: string[]): { name: string; flags: Map<string, string> } {
  const flags = new Map<string, string>();
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) {
      names.push(a);
      continue;
    }
    const [key, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (valued.includes(key)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new DeviceLabError(`--${key} needs a value`);
      flags.set(key, v);
    } else if (bare.includes(key) && inline === undefined) flags.set(key, '');
    else throw new DeviceLabError(`unknown option --${key}\n${usage}`);
  }
  if (names.length !== 1) throw new DeviceLabError(`give one site NAME\n${usage}`);
  return { name: names[0]!, flags };
}

async function dispatch(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'add': {
      const { name, flags } = parse(rest, ['delay', 'loss', 'rate'], ['nat']);
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
    }
    case 'list': {
      const sites = await listSites();
      console.log(sites.length ? table(sites) : 'no sites');
      return 0;
    }
    case 'remove': {
      const { name, flags } = parse(rest, [], ['force']);
      console.log((await removeSite(name, flags.has('force'))) ? `site ${name} removed` : `no site ${name}; nothing to remove`);
      return 0;
    }
    case 'cut':
    case 'heal': {
      const { name } = parse(rest, [], []);
      await setSiteLink(name, verb === 'heal');
      console.log(`site ${name}: uplink ${verb === 'cut' ? 'cut' : 'restored'}`);
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return verb === undefined ? 2 : 0;
    default:
      console.error(`unknown site verb "${verb}"\n${usage}`);
      return 2;
  }
}

/** Runs `lab site ...`; returns the exit code. Errors are printed, never thrown. */
export async function siteCommand(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (e) {
    console.error(`lab site ${argv[0] ?? ''}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
