// Connectivity panel controller: the control plane's connection state and /livez
// latency history, each node's heartbeat, and the timeline of node transitions.
import type { FleetEvent, FleetSnapshotReader } from '../../core/fleet/types';
import type { ConnectivityStrings, ConnectivityToHost, HeartbeatRow, HostToConnectivity } from '../../protocol';
import type { PanelEnv, PanelPort } from './nodeUsagePanel';
import { throttle } from './throttle';
import {
  clusterIdOf,
  connectionDto,
  controlPlaneRef,
  heartbeatRow,
  latencyAfter,
  RowDiffer,
  timeline,
} from './viewModels';

/** kubelet's default nodeLeaseDurationSeconds; the model does not report per-node values. */
export const defaultLeaseDurationSeconds = 40;

export interface ConnectivityEnv extends PanelEnv {
  strings: () => ConnectivityStrings;
  showNodeUsage: (nodeId: string) => void;
}

export class ConnectivityController {
  private latencySentUntil = -Infinity;
  private lastConnection = '';
  private lastTimeline = '';
  private lastKnown = true;
  private readonly rows = new RowDiffer<HeartbeatRow>();
  private readonly connectionFlush;
  private readonly nodesFlush;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly host: PanelPort<HostToConnectivity>,
    private readonly fleet: FleetSnapshotReader,
    private readonly env: ConnectivityEnv,
  ) {
    this.connectionFlush = throttle(() => this.postConnection(), env.updateIntervalMs);
    this.nodesFlush = throttle(() => this.postNodes(), env.updateIntervalMs);
    this.subscription = fleet.onEvent((e) => this.onFleetEvent(e));
  }

  get controlPlaneId(): string {
    return this.host.target.controlPlaneId;
  }

  private get clusterId(): string {
    return clusterIdOf(this.controlPlaneId);
  }

  onMessage(m: ConnectivityToHost): void {
    if (m.type === 'ready') this.postInit();
    else this.env.showNodeUsage(m.nodeId);
  }

  private onFleetEvent(e: FleetEvent): void {
    if (!this.host.isReady) return;
    switch (e.kind) {
      case 'connection':
        if (e.clusterId === this.clusterId) this.connectionFlush.schedule();
        return;
      case 'controlPlane':
        if (e.controlPlaneId === this.controlPlaneId) this.connectionFlush.schedule();
        return;
      case 'node':
      case 'nodes':
        if (e.controlPlaneId === this.controlPlaneId) this.nodesFlush.schedule();
        return;
      case 'controlPlanes':
      case 'seeds':
        this.connectionFlush.schedule();
        this.nodesFlush.schedule();
        return;
      default:
        return;
    }
  }

  private postInit(): void {
    const cp = this.fleet.controlPlane(this.controlPlaneId);
    const nodes = this.fleet.nodes(this.controlPlaneId);
    const rows = nodes.map(heartbeatRow);
    const latency = latencyAfter(this.fleet.latencyHistory(this.clusterId), -Infinity);
    const connection = connectionDto(cp);
    const events = timeline(nodes);
    this.rows.reset(rows);
    this.latencySentUntil = latency.at(-1)?.at ?? -Infinity;
    this.lastConnection = JSON.stringify(connection);
    this.lastTimeline = JSON.stringify(events);
    const ref = controlPlaneRef(this.controlPlaneId, cp);
    this.lastKnown = ref.known;
    this.host.post({
      type: 'init',
      controlPlane: ref,
      strings: this.env.strings(),
      locale: this.env.locale,
      now: Date.now(),
      historyMinutes: this.env.historyMinutes(),
      leaseDurationSeconds: defaultLeaseDurationSeconds,
      connection,
      latency,
      nodes: rows,
      timeline: events,
    });
  }

  private postConnection(): void {
    const connection = connectionDto(this.fleet.controlPlane(this.controlPlaneId));
    const latency = latencyAfter(this.fleet.latencyHistory(this.clusterId), this.latencySentUntil);
    const json = JSON.stringify(connection);
    if (latency.length === 0 && json === this.lastConnection) return;
    this.lastConnection = json;
    if (latency.length > 0) this.latencySentUntil = latency[latency.length - 1]!.at;
    this.host.post({ type: 'connection', now: Date.now(), connection, latency });
  }

  private postNodes(): void {
    const nodes = this.fleet.nodes(this.controlPlaneId);
    const { changed, removed } = this.rows.diff(nodes.map(heartbeatRow));
    const events = timeline(nodes);
    const json = JSON.stringify(events);
    const controlPlane = controlPlaneRef(this.controlPlaneId, this.fleet.controlPlane(this.controlPlaneId));
    if (changed.length === 0 && removed.length === 0 && json === this.lastTimeline && controlPlane.known === this.lastKnown) return;
    this.lastTimeline = json;
    this.lastKnown = controlPlane.known;
    this.host.post({ type: 'nodes', now: Date.now(), controlPlane, nodes: changed, removed, timeline: events });
  }

  dispose(): void {
    this.connectionFlush.dispose();
    this.nodesFlush.dispose();
    this.subscription.dispose();
  }
}
