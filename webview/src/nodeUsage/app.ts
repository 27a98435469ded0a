// The Node Usage panel: applies host messages to its state and renders it.
import type { HostToNodeUsage, NodeHistory, NodeUsageInit, NodeUsageToHost, UsageRow } from '../../../src/protocol';
import { chartWidth, chartWindow } from '../logic/chart';
import { nextSort } from '../logic/sort';
import { fill } from '../logic/text';
import { renderChart } from '../ui/chartView';
import { now } from '../ui/clock';
import { PanelView } from '../ui/panelState';
import { h, keepFocus, replaceChildren } from '../ui/dom';
import { windowSelect } from '../ui/windowSelect';
import { isNumericKey, maxRenderedRows, renderUsageTable } from './table';
import type { UsageUi } from './uiState';

/** The page's parts that later paints fill. */
interface Skeleton {
  title: HTMLElement;
  summary: HTMLElement;
  notices: HTMLElement;
  table: HTMLElement;
  chartTitle: HTMLElement;
  charts: HTMLElement;
  chartSection: HTMLElement;
}

export class NodeUsageApp extends PanelView<NodeUsageInit, UsageRow, NodeUsageToHost, UsageUi, Skeleton> {
  private history: NodeHistory | undefined;

  handle(m: HostToNodeUsage): void {
    this.state.received(m);
    switch (m.type) {
      case 'init':
        this.state.start(m, m.rows);
        this.history = m.history;
        if (m.history) this.saveUi({ selectedNodeId: m.history.nodeId });
        break;
      case 'rows':
        if (!this.state.update({ controlPlane: m.controlPlane }, m.rows, m.removed)) return;
        break;
      case 'samples':
        if (this.history?.nodeId !== m.nodeId) return;
        this.history = { nodeId: m.nodeId, points: trim([...this.history.points, ...m.points], this.state.init?.historyMinutes) };
        break;
      case 'history':
        // Also the answer to "Show Node Usage" on another node of an open panel.
        this.history = m.history;
        this.saveUi({ selectedNodeId: m.history.nodeId });
        break;
    }
    this.render();
  }

  /** `ready`, naming the node selected before the panel was hidden or reloaded. */
  ready(): NodeUsageToHost {
    const selectedNodeId = this.port.ui().selectedNodeId;
    return selectedNodeId ? { type: 'ready', selectedNodeId } : { type: 'ready' };
  }

  private saveUi(patch: Partial<UsageUi>): void {
    this.port.saveUi({ ...this.port.ui(), ...patch });
  }

  private select(nodeId: string): void {
    if (nodeId === this.port.ui().selectedNodeId && this.history?.nodeId === nodeId) return;
    this.saveUi({ selectedNodeId: nodeId });
    this.port.post({ type: 'selectNode', nodeId });
    this.render();
  }

  protected buildSkeleton(init: NodeUsageInit): Skeleton {
    const sk = {
      title: h('h1', {}),
      summary: h('p', { class: 'summary' }),
      notices: h('div', { class: 'notices' }),
      table: h('div', { class: 'table-scroll' }),
      chartTitle: h('h2', {}),
      charts: h('div', { class: 'chart-body' }),
      chartSection: h('section', { class: 'charts' }),
    };
    const select = windowSelect(init.strings, init.historyMinutes, this.port.ui().windowMinutes, (m) => {
      this.saveUi({ windowMinutes: m });
      this.render();
    });
    replaceChildren(this.root,
      h('header', { class: 'panel-header' }, sk.title, sk.summary),
      sk.notices,
      sk.table,
      sk.chartSection,
    );
    sk.chartSection.append(h('div', { class: 'toolbar' }, sk.chartTitle, select), sk.charts);
    return sk;
  }

  protected paint(init: NodeUsageInit, sk: Skeleton): void {
    const s = init.strings;
    const ui = this.port.ui();
    const rows = [...this.state.rows.values()];
    const ready = rows.filter((r) => r.state === 'Ready').length;
    const t = now();
    sk.title.textContent = fill(s.heading, init.controlPlane.name);
    sk.summary.textContent = fill(rows.length === 1 ? s.summaryOne : s.summary, rows.length, ready, init.controlPlane.seed);
    replaceChildren(sk.notices,
      init.controlPlane.known ? undefined : h('p', { class: 'notice warning', role: 'status' }, fill(s.controlPlaneGone, init.controlPlane.name)),
      rows.length === 0 ? h('p', { class: 'notice' }, s.noNodes) : undefined,
      rows.length > maxRenderedRows ? h('p', { class: 'notice' }, fill(s.rowsCapped, maxRenderedRows, rows.length)) : undefined,
    );
    keepFocus(this.root, () => {
      replaceChildren(sk.table, rows.length === 0 ? undefined : renderUsageTable({
        strings: s,
        fmt: this.state.fmt,
        now: t,
        sort: ui.sort,
        selectedNodeId: ui.selectedNodeId,
        onSort: (key) => {
          this.saveUi({ sort: nextSort(ui.sort, key, isNumericKey(key)) });
          this.render();
        },
        onSelect: (id) => this.select(id),
      }, rows));
    });
    const row = ui.selectedNodeId ? this.state.rows.get(ui.selectedNodeId) : undefined;
    sk.chartSection.hidden = rows.length === 0;
    sk.chartTitle.textContent = row ? fill(s.chartHeading, row.name) : s.selectHint;
    replaceChildren(sk.charts, ...this.renderCharts(t, row));
  }

  private renderCharts(t: number, row: UsageRow | undefined): HTMLElement[] {
    const init = this.state.init!;
    const s = init.strings;
    const ui = this.port.ui();
    if (!row) return [];
    const out: HTMLElement[] = [];
    if (row.usageUnavailableReason) out.push(h('p', { class: 'notice unavailable' }, fill(s.usageUnavailable, row.usageUnavailableReason)));
    const points = this.history?.nodeId === row.id ? this.history.points : [];
    const { from } = chartWindow(t, ui.windowMinutes, init.historyMinutes, points[0]?.at);
    const visible = points.filter((p) => p.at >= from);
    if (visible.length === 0) return [...out, h('p', { class: 'notice' }, s.noHistory)];
    const width = chartWidth(this.root.clientWidth);
    const formatTime = (at: number): string => this.state.timeFmt.format(at);
    const last = (k: 'cpuMillicores' | 'memoryBytes'): number | undefined => [...visible].reverse().find((p) => p[k] !== undefined)?.[k];
    const cpuNow = last('cpuMillicores');
    const memNow = last('memoryBytes');
    const line = (...parts: (string | undefined)[]): string => parts.filter(Boolean).join(' · ');
    out.push(
      renderChart({
        title: s.chartCpu,
        summary: line(
          cpuNow !== undefined ? this.state.fmt.millicores(cpuNow) : undefined,
          row.cpuAllocatableMillicores ? fill(s.allocatableLine, this.state.fmt.millicores(row.cpuAllocatableMillicores)) : undefined,
        ),
        from,
        to: t,
        series: [{ points: visible.map((p) => ({ at: p.at, value: p.cpuMillicores })), className: 'series-cpu', label: s.colCpu }],
        formatY: (v) => this.state.fmt.millicores(v),
        formatTime,
        width,
      }),
      renderChart({
        title: s.chartMemory,
        summary: line(
          memNow !== undefined ? this.state.fmt.bytes(memNow) : undefined,
          row.memoryAllocatableBytes ? fill(s.allocatableLine, this.state.fmt.bytes(row.memoryAllocatableBytes)) : undefined,
        ),
        from,
        to: t,
        series: [{ points: visible.map((p) => ({ at: p.at, value: p.memoryBytes })), className: 'series-memory', label: s.colMemory }],
        formatY: (v) => this.state.fmt.bytes(v),
        formatTime,
        width,
      }),
    );
    return out;
  }
}

function trim<T extends { at: number }>(points: T[], historyMinutes = 60): T[] {
  const from = now() - historyMinutes * 60_000;
  const i = points.findIndex((p) => p.at >= from);
  return i <= 0 ? points : points.slice(i);
}
