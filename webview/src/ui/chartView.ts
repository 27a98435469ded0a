// Draws a ChartGeometry as inline SVG. Colours come from CSS classes bound to
// --vscode-charts-* variables in media/webviewPanels.css, so every theme (high
// contrast included) colours the lines; the SVG carries no colour of its own.
import { chartGeometry, type ChartBox, type ChartPoint } from '../logic/chart';
import { h, svg } from './dom';

export interface ChartSpec {
  /** accessible name, also the visible caption */
  title: string;
  from: number;
  to: number;
  series: { points: ChartPoint[]; className: string; label: string }[];
  markers?: { at: number[]; label: string };
  formatY: (v: number) => string;
  formatTime: (t: number) => string;
  /** the visible summary under the caption, e.g. latest value */
  summary?: string;
  width: number;
  height?: number;
}

export function renderChart(spec: ChartSpec): HTMLElement {
  const box: ChartBox = { width: Math.max(200, spec.width), height: spec.height ?? 160, left: 64, right: 12, top: 8, bottom: 22 };
  const g = chartGeometry({
    box,
    from: spec.from,
    to: spec.to,
    series: spec.series.map((s) => s.points),
    markers: spec.markers?.at,
  });
  const root = svg('svg', {
    class: 'chart',
    width: box.width,
    height: box.height,
    viewBox: `0 0 ${box.width} ${box.height}`,
    role: 'img',
    'aria-label': [spec.title, spec.summary].filter(Boolean).join('. '),
  });
  for (const t of g.yTicks) {
    root.append(
      svg('line', { class: 'grid', x1: g.plot.x0, x2: g.plot.x1, y1: t.y, y2: t.y }),
      svg('text', { class: 'axis-label', x: g.plot.x0 - 6, y: t.y + 4, 'text-anchor': 'end' }, spec.formatY(t.value)),
    );
  }
  for (const t of g.xTicks) {
    root.append(
      svg('line', { class: 'grid', x1: t.x, x2: t.x, y1: g.plot.y0, y2: g.plot.y0 + 4 }),
      svg('text', { class: 'axis-label', x: t.x, y: box.height - 6, 'text-anchor': 'middle' }, spec.formatTime(t.at)),
    );
  }
  root.append(svg('line', { class: 'axis', x1: g.plot.x0, x2: g.plot.x1, y1: g.plot.y0, y2: g.plot.y0 }));
  for (const x of g.markers) {
    root.append(svg('line', { class: 'marker', x1: x, x2: x, y1: g.plot.y1, y2: g.plot.y0 }, svg('title', {}, spec.markers?.label)));
  }
  spec.series.forEach((s, i) => {
    const d = g.paths[i];
    if (d) root.append(svg('path', { class: `series ${s.className}`, d }));
    const last = g.lastPoints[i];
    if (last) root.append(svg('circle', { class: `dot ${s.className}`, cx: last.x, cy: last.y, r: 3 }, svg('title', {}, `${s.label}: ${spec.formatY(last.value)}`)));
  });
  const legend = h('div', { class: 'legend' },
    ...spec.series.map((s) => h('span', { class: `legend-item ${s.className}` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), s.label)),
    spec.markers && spec.markers.at.length > 0
      ? h('span', { class: 'legend-item marker-legend' }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), spec.markers.label)
      : undefined,
  );
  return h('figure', { class: 'chart-figure' },
    h('figcaption', {}, h('span', { class: 'chart-title' }, spec.title), spec.summary ? h('span', { class: 'chart-summary' }, spec.summary) : undefined),
    root,
    legend,
  );
}
