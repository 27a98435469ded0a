// The Fleet view. Rows are stable handles (ElementCache); their content is read from the
// fleet model at render time; model events refresh the fewest rows (eventRouting).
import * as vscode from 'vscode';
import type { FleetEvent, FleetSnapshotReader, SeedView } from '../../core/fleet/types';
import type { FleetHost } from '../fleet/fleetHost';
import type { Services } from '../services';
import { TreeChildren } from './children';
import { ElementCache, type FleetElement, messageId } from './elements';
import { rowsToRefresh, ShownRows } from './eventRouting';
import { itemFor, type ItemSpec } from './items';

const rootKey = '';
// Model events arrive in bursts (a relist, a usage sweep); one repaint per burst is enough.
const batchMs = 100;

export class FleetTreeProvider implements vscode.TreeDataProvider<FleetElement>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<FleetElement | FleetElement[] | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly cache = new ElementCache();
  private readonly shown = new ShownRows();
  private readonly pages = new Map<string, number>();
  private pending: Set<FleetElement> | 'root' | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changes];

  constructor(
    private readonly host: FleetHost,
    private readonly services: Services,
  ) {
    this.disposables.push(
      host.onEvent((e) => this.onFleetEvent(e)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('edgeplane.tree')) this.queue('root');
      }),
    );
  }

  getChildren(element?: FleetElement): FleetElement[] {
    const reader = this.reader();
    const children = this.childrenOf(reader, element);
    this.shown.record(element?.id ?? rootKey, children);
    return children;
  }

  getTreeItem(element: FleetElement): vscode.TreeItem {
    const reader = this.reader();
    const spec = reader
      ? itemFor(element, { reader, l10n: vscode.l10n, now: Date.now(), groupByLabel: this.groupByLabel() })
      : itemFor(element, { reader: settingsOnly(this.host), l10n: vscode.l10n, now: Date.now(), groupByLabel: '' });
    return toTreeItem(spec);
  }

  getParent(element: FleetElement): FleetElement | undefined {
    return element.parentId ? this.cache.get(element.parentId) : undefined;
  }

  /** The "Show more" row of `parentId` was clicked: one more page. */
  showMore(parentId: string): void {
    this.pages.set(parentId, (this.pages.get(parentId) ?? 1) + 1);
    const parent = this.cache.get(parentId);
    this.queue(parent ? [parent] : 'root');
  }

  private childrenOf(reader: FleetSnapshotReader | undefined, element?: FleetElement): FleetElement[] {
    if (!reader) {
      // No live model (none in this build): list seeds from settings with a row that says so.
      const fallback = new TreeChildren(settingsOnly(this.host), this.cache, this.options());
      if (!element) return fallback.seeds();
      if (element.kind !== 'seed') return [];
      const message = { kind: 'noModel' as const, detail: this.host.unavailableReason(), target: element.id };
      return [this.cache.upsert({ kind: 'message', id: messageId(element.id, 'noModel'), parentId: element.id, message })];
    }
    const children = new TreeChildren(reader, this.cache, this.options());
    return element ? children.of(element) : children.seeds();
  }

  private reader(): FleetSnapshotReader | undefined {
    // Building the model loads core: only when seeds exist, and only once VS Code asks for rows.
    return this.host.seeds().length > 0 ? this.host.get() : undefined;
  }

  private options() {
    return {
      groupByLabel: this.groupByLabel(),
      pageSize: this.services.config().get<number>('tree.pageSize') ?? 200,
      pagesShown: (id: string) => this.pages.get(id) ?? 1,
    };
  }

  private badGroupLabel: string | undefined;

  /** The grouping label key, when it is one Kubernetes accepts; otherwise no grouping (and one log line). */
  private groupByLabel(): string {
    const raw = this.services.config().get<string>('tree.groupByLabel') ?? '';
    if (!raw) return '';
    const problem = this.services.loadCore().labelKeyProblem(raw);
    if (!problem) return raw;
    if (this.badGroupLabel !== raw) {
      this.badGroupLabel = raw;
      this.services.logger.log('warn', `edgeplane.tree.groupByLabel is ignored: ${problem}.`);
    }
    return '';
  }

  private onFleetEvent(e: FleetEvent): void {
    const r = rowsToRefresh(e, this.cache, this.shown);
    if (e.kind === 'seeds') this.pages.clear();
    this.queue(r);
  }

  private queue(r: 'root' | FleetElement[]): void {
    if (r !== 'root' && r.length === 0) return;
    if (r === 'root' || this.pending === 'root') this.pending = 'root';
    else {
      this.pending ??= new Set();
      for (const el of r) this.pending.add(el);
    }
    this.timer ??= setTimeout(() => this.flush(), batchMs);
  }

  private flush(): void {
    this.timer = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (p === 'root') this.changes.fire(undefined);
    else if (p && p.size > 0) this.changes.fire([...p]);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function toTreeItem(spec: ItemSpec): vscode.TreeItem {
  const state =
    spec.collapsible === 'none'
      ? vscode.TreeItemCollapsibleState.None
      : spec.collapsible === 'expanded'
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(spec.label, state);
  item.id = spec.id;
  item.description = spec.description;
  item.contextValue = spec.contextValue;
  if (spec.tooltip) item.tooltip = new vscode.MarkdownString(spec.tooltip);
  if (spec.icon) {
    item.iconPath = new vscode.ThemeIcon(spec.icon.id, spec.icon.color ? new vscode.ThemeColor(spec.icon.color) : undefined);
  }
  if (spec.command) item.command = spec.command;
  return item;
}

/** A reader over the seeds in settings alone: what the tree shows before (or without) the model. */
function settingsOnly(host: FleetHost): FleetSnapshotReader {
  const seeds: SeedView[] = host.seeds().map((s) => ({ id: s.name, name: s.name, context: s.context, connection: { state: 'unknown' } }));
  return {
    seeds: () => seeds,
    controlPlanes: () => [],
    controlPlane: () => undefined,
    nodes: () => [],
    node: () => undefined,
    joining: () => [],
    usageHistory: () => [],
    latencyHistory: () => [],
    onEvent: () => ({ dispose: () => undefined }),
  };
}
