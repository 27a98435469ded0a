// Node Usage panel controller: posts a control plane's nodes and the selected
// node's usage history, then keeps them current from the fleet model's events.
import type { FleetEvent, FleetSnapshotReader } from '../../core/fleet/types';
import type { HostToNodeUsage, NodeUsageStrings, NodeUsageToHost, PanelTarget, UsageRow } from '../../protocol';

import { throttle } from './throttle';
import { controlPlaneRef, pointsAfter, RowDiffer, usageRow } from './viewModels';

/** What a controller needs of its panel (PanelHost in VS Code, a fake in tests). */
export interface PanelPort<Out> {
  readonly target: PanelTarget;
  readonly isReady: boolean;
  post(message: Out): void;
}

export interface PanelEnv {
  locale: string;
  historyMinutes: () => number;
  /** ms between posts while events keep coming */
  updateIntervalMs: number;
}

export class NodeUsageController {
  private selected: string | undefined;
  /** time of the newest sample of `selected` the webview has */
  private sentUntil = -Infinity;
  private lastKnown = true;
  private readonly rows = new RowDiffer<UsageRow>();
  private readonly rowsFlush;
  private readonly samplesFlush;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly host: PanelPort<HostToNodeUsage>,
    private readonly fleet: FleetSnapshotReader,
    private readonly env: PanelEnv & { strings: () => NodeUsageStrings },
  ) {
    this.rowsFlush = throttle(() => this.postRows(), env.updateIntervalMs);
    this.samplesFlush = throttle(() => this.postSamples(), env.updateIntervalMs);
    this.subscription = fleet.onEvent((e) => this.onFleetEvent(e));
  }

  get controlPlaneId(): string {
    return this.host.target.controlPlaneId;
  }

  /** A second "Show Node Usage" on a node of an open panel selects that node. */
  focus(nodeId: string | undefined): void {
    if (nodeId && nodeId !== this.selected) this.select(nodeId);
  }

  onMessage(m: NodeUsageToHost): void {
    if (m.type === 'ready') this.postInit(m.selectedNodeId);
    else this.select(m.nodeId);
  }

  private select(nodeId: string): void {
    this.selected = nodeId;
    this.sentUntil = -Infinity;
    this.postHistory();
  }

  private onFleetEvent(e: FleetEvent): void {
    if (!this.host.isReady) return;
    switch (e.kind) {
      case 'usage':
        if (e.controlPlaneId !== this.controlPlaneId) return;
        this.rowsFlush.schedule();
        if (this.selected && e.nodeIds.includes(this.selected)) this.samplesFlush.schedule();
        return;
      case 'node':
      case 'nodes':
      case 'controlPlane':
        if (e.controlPlaneId === this.controlPlaneId) this.rowsFlush.schedule();
        return;
      case 'controlPlanes':
      case 'seeds':
        // a removed control plane or seed only shows up as a list change
        this.rowsFlush.schedule();
        return;
      default:
        return;
    }
  }

  private currentRows(): UsageRow[] {
    return this.fleet.nodes(this.controlPlaneId).map(usageRow);
  }

  private postInit(remembered: string | undefined): void {
    const rows = this.currentRows();
    this.rows.reset(rows);
    const cp = controlPlaneRef(this.controlPlaneId, this.fleet.controlPlane(this.controlPlaneId));
    this.lastKnown = cp.known;
    const known = (id: string | undefined): id is string => !!id && rows.some((r) => r.id === id);
    const focus = this.host.target.nodeId;
    // A node picked later in the panel wins over the one it was opened from.
    this.selected = [remembered, this.selected, focus, rows[0]?.id].find(known);
    const history = this.selected ? this.fleet.usageHistory(this.selected) : [];
    this.sentUntil = history.at(-1)?.at ?? -Infinity;
    this.host.post({
      type: 'init',
      controlPlane: cp,
      strings: this.env.strings(),
      locale: this.env.locale,
      now: Date.now(),
      historyMinutes: this.env.historyMinutes(),
      rows,
      ...(focus ? { focusNodeId: focus } : {}),
      ...(this.selected ? { history: { nodeId: this.selected, points: pointsAfter(history, -Infinity) } } : {}),
    });
  }

  private postRows(): void {
    const { changed, removed } = this.rows.diff(this.currentRows());
    const controlPlane = controlPlaneRef(this.controlPlaneId, this.fleet.controlPlane(this.controlPlaneId));
    if (changed.length === 0 && removed.length === 0 && controlPlane.known === this.lastKnown) return;
    this.lastKnown = controlPlane.known;
    this.host.post({ type: 'rows', now: Date.now(), controlPlane, rows: changed, removed });
  }

  private postHistory(): void {
    if (!this.selected) return;
    const history = this.fleet.usageHistory(this.selected);
    this.sentUntil = history.at(-1)?.at ?? -Infinity;
    this.host.post({ type: 'history', now: Date.now(), history: { nodeId: this.selected, points: pointsAfter(history, -Infinity) } });
  }

  private postSamples(): void {
    if (!this.selected) return;
    const points = pointsAfter(this.fleet.usageHistory(this.selected), this.sentUntil);
    if (points.length === 0) return;
    this.sentUntil = points[points.length - 1]!.at;
    this.host.post({ type: 'samples', now: Date.now(), nodeId: this.selected, points });
  }

  dispose(): void {
    this.rowsFlush.dispose();
    this.samplesFlush.dispose();
    this.subscription.dispose();
  }
}
