// Number, size, duration and template formatting. Pure, so it is unit tested in Node.

/** Fills `{0}`, `{1}`... the way vscode.l10n.t does, for strings the host already localised. */
export function fill(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => {
    const v = args[Number(i)];
    return v === undefined ? m : String(v);
  });
}

export interface Formatter {
  number(v: number, maxFractionDigits?: number): string;
  percent(part: number, whole: number): string | undefined;
  millicores(v: number): string;
  bytes(v: number): string;
}

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatter(locale: string): Formatter {
  const cache = new Map<number, Intl.NumberFormat>();
  const nf = (digits: number): Intl.NumberFormat => {
    let f = cache.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(safeLocale(locale), { maximumFractionDigits: digits });
      cache.set(digits, f);
    }
    return f;
  };
  return {
    number: (v, d = 0) => nf(d).format(v),
    percent: (part, whole) => (whole > 0 ? `${nf(0).format((part / whole) * 100)}%` : undefined),
    // Kubernetes' own unit: "250m" is a quarter of a core.
    millicores: (v) => `${nf(0).format(Math.round(v))}m`,
    bytes: (v) => {
      let unit = 0;
      let n = Math.abs(v);
      while (n >= 1024 && unit < byteUnits.length - 1) {
        n /= 1024;
        unit++;
      }
      const signed = v < 0 ? -n : n;
      return `${nf(n < 10 && unit > 0 ? 1 : 0).format(signed)} ${byteUnits[unit]}`;
    },
  };
}

function safeLocale(locale: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en';
  } catch {
    return 'en';
  }
}

export interface DurationStrings {
  durationSeconds: string;
  durationMinutes: string;
  durationHours: string;
}

/** "42s", "3m 5s", "2h 10m", from templates such as "{0}s" and "{0}m {1}s". */
export function formatDuration(ms: number, s: DurationStrings): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return fill(s.durationSeconds, total);
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return fill(s.durationMinutes, minutes, total % 60);
  return fill(s.durationHours, Math.floor(minutes / 60), minutes % 60);
}
