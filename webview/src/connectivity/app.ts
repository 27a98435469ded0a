// The Connectivity panel: connection state, /livez latency chart with failed probes
// marked, heartbeat table coloured against the lease, and the transition timeline.
import type { ConnectivityInit, ConnectivityToHost, HeartbeatRow, HostToConnectivity, LatencyPoint, TimelineEntry } from '../../../src/protocol';
import { chartWidth, chartWindow } from '../logic/chart';
import { heartbeatLevel } from '../logic/heartbeat';
import { nextSort, sortRows } from '../logic/sort';
import { fill, formatDuration } from '../logic/text';
import { renderChart } from '../ui/chartView';
import { now } from '../ui/clock';
import { PanelView } from '../ui/panelState';
import { h, keepFocus, replaceChildren } from '../ui/dom';
import { windowSelect } from '../ui/windowSelect';
import { stateLabel } from '../nodeUsage/table';
import { latencyStats } from './latencyStats';
import type { ConnectivityUi, HeartbeatSortKey } from './uiState';

/** The page's parts that later paints fill. */
interface Skeleton {
  title: HTMLElement;
  notice: HTMLElement;
  connection: HTMLElement;
  chart: HTMLElement;
  heartbeats: HTMLElement;
  timeline: HTMLElement;
}

export class ConnectivityApp extends PanelView<ConnectivityInit, HeartbeatRow, ConnectivityToHost, ConnectivityUi, Skeleton> {
  private dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  private latency: LatencyPoint[] = [];
  private timeline: TimelineEntry[] = [];

  handle(m: HostToConnectivity): void {
    this.state.received(m);
    switch (m.type) {
      case 'init':
        this.state.start(m, m.nodes);
        this.dateTimeFmt = new Intl.DateTimeFormat(m.locale, { dateStyle: 'short', timeStyle: 'medium' });
        this.latency = m.latency;
        this.timeline = m.timeline;
        break;
      case 'connection':
        if (!this.state.update({ connection: m.connection })) return;
        this.latency = this.trim([...this.latency, ...m.latency]);
        break;
      case 'nodes':
        if (!this.state.update({ controlPlane: m.controlPlane }, m.nodes, m.removed)) return;
        this.timeline = m.timeline;
        break;
    }
    this.render();
  }

  ready(): ConnectivityToHost {
    return { type: 'ready' };
  }

  private trim(points: LatencyPoint[]): LatencyPoint[] {
    const from = now() - (this.state.init?.historyMinutes ?? 60) * 60_000;
    return points.filter((p) => p.at >= from);
  }

  private saveUi(patch: Partial<ConnectivityUi>): void {
    this.port.saveUi({ ...this.port.ui(), ...patch });
    this.render();
  }

  protected buildSkeleton(init: ConnectivityInit): Skeleton {
    const s = init.strings;
    const sk = {
      title: h('h1', {}),
      notice: h('div', { class: 'notices' }),
      connection: h('div', {}),
      chart: h('div', { class: 'chart-body' }),
      heartbeats: h('div', {}),
      timeline: h('div', {}),
    };
    const select = windowSelect(s, init.historyMinutes, this.port.ui().windowMinutes, (m) => this.saveUi({ windowMinutes: m }));
    replaceChildren(this.root,
      h('header', { class: 'panel-header' }, sk.title),
      sk.notice,
      sk.connection,
      h('section', { class: 'latency' }, h('div', { class: 'toolbar' }, h('h2', {}, s.chartLatency), select), sk.chart),
      h('section', { class: 'heartbeats' }, h('h2', {}, s.heartbeatsHeading), h('p', { class: 'note' }, fill(s.leaseNote, init.leaseDurationSeconds)), sk.heartbeats),
      h('section', { class: 'timeline' }, h('h2', {}, s.timelineHeading), sk.timeline),
    );
    return sk;
  }

  protected paint(init: ConnectivityInit, sk: Skeleton): void {
    const s = init.strings;
    const t = now();
    sk.title.textContent = fill(s.heading, init.controlPlane.name);
    replaceChildren(sk.notice, init.controlPlane.known ? undefined : h('p', { class: 'notice warning', role: 'status' }, fill(s.controlPlaneGone, init.controlPlane.name)));
    replaceChildren(sk.connection, this.renderConnection(t));
    replaceChildren(sk.chart, this.renderLatency(t));
    keepFocus(this.root, () => replaceChildren(sk.heartbeats, this.renderHeartbeats(t)));
    replaceChildren(sk.timeline, this.renderTimeline());
  }

  private renderConnection(t: number): HTMLElement {
    const s = this.state.init!.strings;
    const c = this.state.init!.connection;
    const label = { connected: s.connConnected, degraded: s.connDegraded, unreachable: s.connUnreachable, unknown: s.connUnknown }[c.state];
    const probe = c.latencyMs !== undefined && c.probedAt !== undefined
      ? fill(s.lastProbe, this.state.fmt.number(c.latencyMs), formatDuration(t - c.probedAt, s))
      : s.noProbe;
    return h('section', { class: `connection conn-${c.state}`, id: 'connection', 'data-state': c.state },
      h('p', { class: 'conn-state' }, h('span', { class: 'state-dot', 'aria-hidden': 'true' }), h('strong', {}, label)),
      h('p', { class: 'conn-probe' }, probe),
      c.reason ? h('p', { class: 'conn-reason' }, fill(s.reason, c.reason)) : undefined,
    );
  }

  private renderLatency(t: number): HTMLElement {
    const init = this.state.init!;
    const s = init.strings;
    const ui = this.port.ui();
    const { from } = chartWindow(t, ui.windowMinutes, init.historyMinutes, this.latency[0]?.at);
    const visible = this.latency.filter((p) => p.at >= from);
    const stats = latencyStats(visible);
    const ms = (v: number | undefined): string => (v === undefined ? '—' : this.state.fmt.number(v, v < 10 ? 1 : 0));
    return renderChart({
      title: s.chartLatency,
      summary: fill(s.latencyStats, stats.probes, stats.failed, ms(stats.medianMs), ms(stats.maxMs)),
      from,
      to: t,
      series: [{ points: visible.map((p) => ({ at: p.at, value: p.ok ? p.latencyMs : undefined })), className: 'series-latency', label: s.chartLatency }],
      markers: { at: visible.filter((p) => !p.ok).map((p) => p.at), label: s.probeFailed },
      formatY: (v) => `${this.state.fmt.number(v, v < 10 ? 1 : 0)} ms`,
      formatTime: (at) => this.state.timeFmt.format(at),
      width: chartWidth(this.root.clientWidth),
    });
  }

  private renderHeartbeats(t: number): HTMLElement {
    const init = this.state.init!;
    const s = init.strings;
    const ui = this.port.ui();
    const rows = [...this.state.rows.values()];
    if (rows.length === 0) return h('p', { class: 'notice' }, s.noNodes);
    const age = (r: HeartbeatRow): number | undefined => (r.lastHeartbeat === undefined ? undefined : t - r.lastHeartbeat);
    const sorted = sortRows(rows, ui.sort, (r, k) => (k === 'name' ? r.name : k === 'state' ? r.state : age(r)));
    const header = (key: HeartbeatSortKey, label: string): HTMLElement => {
      const active = ui.sort.key === key;
      const b = h('button', { class: 'sort', type: 'button', title: fill(s.sortBy, label), 'data-sort': key, 'data-focus-key': `sort:${key}` },
        label, h('span', { class: 'sort-indicator', 'aria-hidden': 'true' }, active ? (ui.sort.direction === 'asc' ? ' ▲' : ' ▼') : ''));
      b.addEventListener('click', () => this.saveUi({ sort: nextSort(ui.sort, key, key === 'heartbeat') }));
      return h('th', { scope: 'col', 'aria-sort': active ? (ui.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none' }, b);
    };
    const body = h('tbody', {});
    for (const r of sorted.slice(0, 500)) {
      const a = age(r);
      const level = heartbeatLevel(a, init.leaseDurationSeconds);
      const levelText = { fresh: s.heartbeatFresh, late: s.heartbeatLate, stale: s.heartbeatStale, unknown: s.heartbeatUnknown }[level];
      const usage = h('vscode-button', { secondary: true, class: 'row-action', 'data-focus-key': `usage:${r.id}` }, s.showUsage);
      usage.addEventListener('click', () => this.port.post({ type: 'showNodeUsage', nodeId: r.id }));
      body.append(h('tr', { 'data-node-id': r.id },
        h('th', { scope: 'row' }, r.name),
        h('td', { class: `state state-${r.state}` }, h('span', { class: 'state-dot', 'aria-hidden': 'true' }), stateLabel(s, r.state)),
        h('td', { class: `num heartbeat hb-${level}` },
          a === undefined ? s.never : fill(s.ago, formatDuration(a, s)),
          h('span', { class: 'hb-level' }, ` · ${levelText}`)),
        h('td', { class: 'num' }, r.disconnectedSince === undefined ? '' : formatDuration(t - r.disconnectedSince, s)),
        h('td', { class: `reach reach-${r.kubeletReach?.state ?? 'unknown'}` }, reachText(s, r, t)),
        h('td', {}, usage),
      ));
    }
    return h('div', { class: 'table-scroll' }, h('table', { class: 'grid-table heartbeat-table' },
      h('thead', {}, h('tr', {}, header('name', s.colNode), header('state', s.colState), header('heartbeat', s.colHeartbeat), h('th', { scope: 'col' }, s.colDisconnectedFor), h('th', { scope: 'col' }, s.colKubeletReach), h('th', { scope: 'col' }))),
      body,
    ));
  }

  private renderTimeline(): HTMLElement {
    const s = this.state.init!.strings;
    if (this.timeline.length === 0) return h('p', { class: 'notice' }, s.timelineEmpty);
    const body = h('tbody', {});
    for (const e of this.timeline) {
      const kind = e.to === 'Ready' ? 'up' : e.to === 'Disconnected' || e.to === 'NotReady' ? 'down' : 'other';
      body.append(h('tr', { class: `tl-${kind}` },
        h('td', { class: 'num' }, this.dateTimeFmt.format(e.at)),
        h('th', { scope: 'row' }, e.nodeName),
        h('td', {}, h('span', { class: 'state-dot', 'aria-hidden': 'true' }), fill(s.transition, stateLabel(s, e.from), stateLabel(s, e.to))),
        h('td', {}, e.reason ?? ''),
      ));
    }
    return h('div', { class: 'table-scroll' }, h('table', { class: 'grid-table timeline-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, s.colTime), h('th', { scope: 'col' }, s.colNode), h('th', { scope: 'col' }, s.colChange), h('th', { scope: 'col' }, s.colReason))),
      body,
    ));
  }
}

/** The tunnel column: whether logs, exec and usage can reach this device, kept apart from its heartbeat. */
function reachText(s: ConnectivityInit['strings'], r: HeartbeatRow, t: number): string {
  const k = r.kubeletReach;
  if (!k) return s.reachUnknown;
  const since = k.since === undefined ? '?' : formatDuration(t - k.since, s);
  return k.state === 'reachable' ? fill(s.reachYes, since) : fill(s.reachNo, since, k.reason ?? '');
}
