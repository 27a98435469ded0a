// Number and time formatting for tree descriptions and tooltips. Pure, so it is unit-tested.
import type { L10n } from './l10nTypes';

/** "12s", "4m", "3h", "2d": short because it sits in a one-line description. */
export function shortAge(ms: number, l10n: L10n): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return l10n.t('{0}s', s);
  const m = Math.floor(s / 60);
  if (m < 60) return l10n.t('{0}m', m);
  const h = Math.floor(m / 60);
  if (h < 48) return l10n.t('{0}h', h);
  return l10n.t('{0}d', Math.floor(h / 24));
}

/** Share of `total` as a whole percentage, or undefined when either side is unknown. */
export function percent(used: number | undefined, total: number | undefined): number | undefined {
  if (used === undefined || total === undefined || total <= 0) return undefined;
  return Math.round((used / total) * 100);
}

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function bytes(n: number | undefined): string {
  if (n === undefined) return '?';
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function cpu(millicores: number | undefined): string {
  if (millicores === undefined) return '?';
  return millicores % 1000 === 0 ? `${millicores / 1000}` : `${millicores}m`;
}

/** Escapes text that goes into a Markdown tooltip (names and reasons come from the cluster). */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
