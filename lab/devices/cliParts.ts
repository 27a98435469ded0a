// What `lab device` and `lab site` share: word/flag parsing, a plain table,
// and the help / unknown-verb / error handling around a verb dispatcher.
import { DeviceLabError } from './exec';

export interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

/** `--key value` or `--key=value` for the `valued` keys; any other `--key` is a bare switch. */
export function parseArgs(argv: string[], valued: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [key, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (valued.includes(key)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new DeviceLabError(`--${key} needs a value`);
      flags.set(key, v);
    } else if (inline === undefined) flags.set(key, true);
    else throw new DeviceLabError(`--${key} takes no value`);
  }
  return { positional, flags };
}

/** Columns padded to their widest cell; the first row is the header. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n');
}

/**
 * Runs `lab <noun> <verb> ...`: no verb or help prints the usage, an unknown
 * verb says so; errors are printed, never thrown. Returns the exit code.
 */
export async function runVerbs(noun: string, usage: string, argv: string[], verbs: Record<string, (rest: string[], verb: string) => Promise<number>>): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === 'help' || verb === '--help') {
    console.log(usage);
    return verb === undefined ? 2 : 0;
  }
  const fn = Object.hasOwn(verbs, verb) ? verbs[verb] : undefined;
  if (!fn) {
    console.error(`unknown ${noun} verb "${verb}"\n${usage}`);
    return 2;
  }
  try {
    return await fn(rest, verb);
  } catch (e) {
    console.error(`lab ${noun} ${verb}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
