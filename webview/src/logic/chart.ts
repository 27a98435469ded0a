// Line-chart geometry for the inline SVG charts: scales, nice ticks, and paths
// that break where samples are missing (a failed probe, a node without metrics)
// instead of drawing a line through the hole. Pure, so it is unit tested in Node.

export interface ChartPoint {
  at: number;
  value?: number;
}

export interface ChartBox {
  width: number;
  height: number;
  /** room for axis labels */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface ChartInput {
  box: ChartBox;
  from: number;
  to: number;
  series: ChartPoint[][];
  /** times to mark (failed probes) */
  markers?: number[];
}

export interface ChartGeometry {
  yMax: number;
  yTicks: { value: number; y: number }[];
  xTicks: { at: number; x: number }[];
  /** one SVG path `d` per series; empty when the series has no visible value */
  paths: string[];
  /** last visible point of each series, to put a dot on "now" */
  lastPoints: ({ x: number; y: number; value: number } | undefined)[];
  markers: number[];
  plot: { x0: number; x1: number; y0: number; y1: number };
}

/** The smallest 1, 2, 2.5 or 5 times a power of ten that is >= v (and > 0). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * p >= v * (1 - 1e-12)) return m * p;
  }
  return 10 * p;
}

const minuteSteps = [1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440];

/** Tick times on round minutes, about `count` of them, within [from, to]. */
export function timeTicks(from: number, to: number, count = 5): number[] {
  if (!(to > from)) return [];
  const span = (to - from) / 60_000;
  const step = (minuteSteps.find((s) => span / s <= count) ?? minuteSteps[minuteSteps.length - 1]!) * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** Points further apart than this are not joined: three typical sampling intervals. */
export function gapThreshold(points: readonly ChartPoint[]): number {
  const deltas: number[] = [];
  for (let i = 1; i < points.length; i++) deltas.push(points[i]!.at - points[i - 1]!.at);
  if (deltas.length === 0) return Infinity;
  deltas.sort((a, b) => a - b);
  return 3 * Math.max(1, deltas[Math.floor(deltas.length / 2)]!);
}

export function chartGeometry(input: ChartInput): ChartGeometry {
  const { box, from, to } = input;
  const plot = { x0: box.left, x1: box.width - box.right, y0: box.height - box.bottom, y1: box.top };
  const span = Math.max(1, to - from);
  const x = (t: number): number => plot.x0 + ((t - from) / span) * (plot.x1 - plot.x0);

  let dataMax = 0;
  for (const s of input.series) {
    for (const p of s) if (p.at >= from && p.at <= to && p.value !== undefined && p.value > dataMax) dataMax = p.value;
  }
  const yMax = niceCeil(dataMax);
  const y = (v: number): number => plot.y0 - (Math.min(v, yMax) / yMax) * (plot.y0 - plot.y1);
  const r = (n: number): string => (Math.round(n * 10) / 10).toString();

  const paths: string[] = [];
  const lastPoints: ChartGeometry['lastPoints'] = [];
  for (const s of input.series) {
    const visible = s.filter((p) => p.at >= from && p.at <= to);
    const gap = gapThreshold(visible);
    let d = '';
    let penDown = false;
    let prevAt = -Infinity;
    let last: { x: number; y: number; value: number } | undefined;
    for (const p of visible) {
      if (p.value === undefined) {
        penDown = false;
        continue;
      }
      const px = x(p.at);
      const py = y(p.value);
      d += `${penDown && p.at - prevAt <= gap ? 'L' : 'M'}${r(px)} ${r(py)} `;
      penDown = true;
      prevAt = p.at;
      last = { x: px, y: py, value: p.value };
    }
    paths.push(d.trim());
    lastPoints.push(last);
  }

  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ value: yMax * f, y: y(yMax * f) }));
  const xTicks = timeTicks(from, to).map((at) => ({ at, x: x(at) }));
  const markers = (input.markers ?? []).filter((t) => t >= from && t <= to).map(x);
  return { yMax, yTicks, xTicks, paths, lastPoints, markers, plot };
}

/** Shortest time axis a chart shows, so a few first samples are not squeezed to the edges. */
export const minSpanMs = 2 * 60_000;

/**
 * The time axis: the chosen window, but no further back than the first sample (a node five
 * minutes old gets a five-minute axis, not sixty minutes of empty plot), and at least minSpanMs.
 */
export function chartWindow(now: number, windowMinutes: number, historyMinutes: number, firstAt: number | undefined): { from: number; to: number } {
  const windowFrom = now - Math.min(windowMinutes, historyMinutes) * 60_000;
  if (firstAt === undefined || firstAt <= windowFrom) return { from: windowFrom, to: now };
  return { from: Math.min(firstAt, now - minSpanMs), to: now };
}

/** Chart width for the panel's width: the whole width less the padding, never below a readable minimum. */
export function chartWidth(panelWidth: number): number {
  return Math.max(240, Math.round(panelWidth) - 32);
}
