// The Fleet view. Rows are stable handles (ElementCache); their content is read from the
// fleet model at render time; model events refresh the fewest rows (eventRouting).
import * as vscode from 'vscode';
import type { FleetEvent, FleetSnapshotReader, SeedView } from '../../core/fleet/types';
import { seedId } from '../../core/ids';
import type { FleetHost } from '../fleetHost/fleetHost';
import type { Logger } from '../../core/ports';
import type { Core } from '../coreLoader';
import { TreeChildren } from './children';
import { ElementCache, type FleetElement } from './elements';
import { rowsToRefresh, ShownRows } from './eventRouting';
import { itemFor, type ItemSpec } from './items';

const rootKey = '';

export class FleetTreeProvider implements vscode.TreeDataProvider<FleetElement>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<FleetElement | FleetElement[] | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly cache = new ElementCache();
  private readonly shown = new ShownRows();
  private readonly pages = new Map<string, number>();
  private pending: Set<FleetElement> | 'root' | undefined;
  private flushQueued = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [this.changes];

  constructor(
    private readonly host: FleetHost,
    private readonly deps: { logger: Logger; loadCore: () => Core; config: () => vscode.WorkspaceConfiguration },
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
    // No seed, no model: the view shows its welcome content.
    if (!reader) return [];
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
      pageSize: this.deps.config().get<number>('tree.pageSize') ?? 200,
      pagesShown: (id: string) => this.pages.get(id) ?? 1,
    };
  }

  private badGroupLabel: string | undefined;

  /** The grouping label key, when it is one Kubernetes accepts; otherwise no grouping (and one log line). */
  private groupByLabel(): string {
    const raw = this.deps.config().get<string>('tree.groupByLabel') ?? '';
    if (!raw) return '';
    const problem = this.deps.loadCore().labelKeyProblem(raw);
    if (!problem) return raw;
    if (this.badGroupLabel !== raw) {
      this.badGroupLabel = raw;
      this.deps.logger.log('warn', `edgeplane.tree.groupByLabel is ignored: ${problem}.`);
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
    // Core's coalescer already waits out a burst (a relist, a usage sweep) and hands over
    // the merged batch in one go; waiting again would only add latency. The rows a batch
    // names are gathered until the end of this turn and repainted at once.
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.disposed) return;
    const p = this.pending;
    this.pending = undefined;
    if (p === 'root') this.changes.fire(undefined);
    else if (p && p.size > 0) this.changes.fire([...p]);
  }

  dispose(): void {
    this.disposed = true;
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
  const seeds: SeedView[] = host.seeds().map((s) => ({ id: seedId(s.name), name: s.name, context: s.context, connection: { state: 'unknown' } }));
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
