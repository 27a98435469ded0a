// The Node Usage table: one row per node, usage against allocatable, sortable.
import type { NodeUsageStrings, UsageRow } from '../../../src/protocol';
import { formatDuration, type Formatter, fill } from '../logic/text';
import { heartbeatLevel } from '../logic/heartbeat';
import { sortRows, type SortSpec } from '../logic/sort';
import { h, svg } from '../ui/dom';
import type { UsageSortKey } from './uiState';

/** Beyond this many rows the table shows the first ones in the chosen order. */
export const maxRenderedRows = 500;
const leaseSecondsForColour = 40;

export interface TableContext {
  strings: NodeUsageStrings;
  fmt: Formatter;
  now: number;
  sort: SortSpec<UsageSortKey>;
  selectedNodeId: string | undefined;
  onSort: (key: UsageSortKey) => void;
  onSelect: (nodeId: string) => void;
}

const numericKeys: ReadonlySet<UsageSortKey> = new Set(['cpu', 'memory', 'fs', 'pods', 'heartbeat']);
export const isNumericKey = (k: UsageSortKey): boolean => numericKeys.has(k);

export function sortValue(r: UsageRow, key: UsageSortKey, now: number): string | number | undefined {
  switch (key) {
    case 'name': return r.name;
    case 'state': return r.state;
    case 'cpu': return r.cpuMillicores;
    case 'memory': return r.memoryBytes;
    case 'fs': return r.fsUsedBytes;
    case 'pods': return r.pods;
    case 'heartbeat': return r.lastHeartbeat === undefined ? undefined : now - r.lastHeartbeat;
  }
}

export function stateLabel(s: { stateReady: string; stateNotReady: string; stateDisconnected: string; stateUnknown: string }, state: UsageRow['state']): string {
  return { Ready: s.stateReady, NotReady: s.stateNotReady, Disconnected: s.stateDisconnected, Unknown: s.stateUnknown }[state];
}

function bar(part: number | undefined, whole: number | undefined): SVGElement | undefined {
  if (part === undefined || !whole) return undefined;
  const f = Math.max(0, Math.min(1, part / whole));
  const level = f >= 0.9 ? 'high' : f >= 0.7 ? 'mid' : 'low';
  return svg('svg', { class: 'bar', width: 60, height: 6, 'aria-hidden': 'true' },
    svg('rect', { class: 'bar-track', x: 0, y: 0, width: 60, height: 6 }),
    svg('rect', { class: `bar-fill bar-${level}`, x: 0, y: 0, width: Math.round(60 * f), height: 6 }),
  );
}

function usedCell(ctx: TableContext, used: number | undefined, whole: number | undefined, fmt: (v: number) => string, cls: string): HTMLElement {
  if (used === undefined) return h('td', { class: `num ${cls} empty` }, '—');
  const pct = whole ? ctx.fmt.percent(used, whole) : undefined;
  const text = whole ? fill(ctx.strings.usedOf, fmt(used), fmt(whole)) : fmt(used);
  return h('td', { class: `num ${cls}` },
    h('span', { class: 'used' }, text),
    pct ? h('span', { class: 'pct' }, ` (${pct})`) : undefined,
    bar(used, whole),
  );
}

function usageCells(ctx: TableContext, r: UsageRow): HTMLElement[] {
  const hasAny = r.cpuMillicores !== undefined || r.memoryBytes !== undefined || r.fsUsedBytes !== undefined || r.pods !== undefined;
  if (!hasAny) {
    const text = r.usageUnavailableReason ? fill(ctx.strings.usageUnavailable, r.usageUnavailableReason) : ctx.strings.noSample;
    return [h('td', { class: `usage-missing${r.usageUnavailableReason ? ' unavailable' : ''}`, colspan: 4 }, text)];
  }
  const { fmt } = ctx;
  return [
    usedCell(ctx, r.cpuMillicores, r.cpuAllocatableMillicores, fmt.millicores, 'cpu'),
    usedCell(ctx, r.memoryBytes, r.memoryAllocatableBytes, fmt.bytes, 'memory'),
    usedCell(ctx, r.fsUsedBytes, r.fsCapacityBytes, fmt.bytes, 'fs'),
    usedCell(ctx, r.pods, r.podsAllocatable, (v) => fmt.number(v), 'pods'),
  ];
}

function heartbeatCell(ctx: TableContext, r: UsageRow): HTMLElement {
  const age = r.lastHeartbeat === undefined ? undefined : ctx.now - r.lastHeartbeat;
  const level = heartbeatLevel(age, leaseSecondsForColour);
  const text = age === undefined ? ctx.strings.never : fill(ctx.strings.ago, formatDuration(age, ctx.strings));
  return h('td', { class: `num heartbeat hb-${level}`, title: ctx.strings[`heartbeat${level[0]!.toUpperCase()}${level.slice(1)}` as 'heartbeatFresh'] }, text);
}

function header(ctx: TableContext, key: UsageSortKey, label: string): HTMLElement {
  const active = ctx.sort.key === key;
  const sort = active ? (ctx.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  const button = h('button', { class: 'sort', type: 'button', title: fill(ctx.strings.sortBy, label), 'data-sort': key, 'data-focus-key': `sort:${key}` },
    label,
    h('span', { class: 'sort-indicator', 'aria-hidden': 'true' }, active ? (ctx.sort.direction === 'asc' ? ' ▲' : ' ▼') : ''),
  );
  button.addEventListener('click', () => ctx.onSort(key));
  return h('th', { scope: 'col', 'aria-sort': sort, class: isNumericKey(key) ? 'num' : undefined }, button);
}

export function renderUsageTable(ctx: TableContext, rows: readonly UsageRow[]): HTMLElement {
  const s = ctx.strings;
  const sorted = sortRows(rows, ctx.sort, (r, k) => sortValue(r, k, ctx.now)).slice(0, maxRenderedRows);
  const body = h('tbody', {});
  for (const r of sorted) {
    const selected = r.id === ctx.selectedNodeId;
    const name = h('button', { class: 'link node-name', type: 'button', 'aria-pressed': selected ? 'true' : 'false', 'data-focus-key': `node:${r.id}` }, r.name);
    name.addEventListener('click', () => ctx.onSelect(r.id));
    const tr = h('tr', { 'data-node-id': r.id, class: selected ? 'selected' : undefined },
      h('th', { scope: 'row' }, name),
      h('td', { class: `state state-${r.state}` }, h('span', { class: 'state-dot', 'aria-hidden': 'true' }), stateLabel(s, r.state)),
      ...usageCells(ctx, r),
      heartbeatCell(ctx, r),
    );
    body.append(tr);
  }
  return h('table', { class: 'grid-table usage-table' },
    h('thead', {}, h('tr', {},
      header(ctx, 'name', s.colNode),
      header(ctx, 'state', s.colState),
      header(ctx, 'cpu', s.colCpu),
      header(ctx, 'memory', s.colMemory),
      header(ctx, 'fs', s.colFilesystem),
      header(ctx, 'pods', s.colPods),
      header(ctx, 'heartbeat', s.colHeartbeat),
    )),
    body,
  );
}
