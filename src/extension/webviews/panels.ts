// The open panels, one per control plane per kind: showing an open one reveals it.
// Also the serializers that bring panels back after a window reload; activate()
// registers them (registerSerializers), since they must exist during activation.
import * as vscode from 'vscode';
import type { FleetSnapshotReader } from '../../core/fleet/types';
import {
  isConnectivityToHost,
  isNodeUsageToHost,
  isPanelTarget,
  isRecord,
  viewTypes,
  type ConnectivityToHost,
  type HostToConnectivity,
  type HostToNodeUsage,
  type NodeUsageToHost,
  type PanelTarget,
} from '../../protocol';
import { commands } from '../constants';
import type { Logger } from '../../core/ports';
import type { FleetHost } from '../fleetHost/fleetHost';
import { ConnectivityController } from './connectivityPanel';
import { NodeUsageController, type PanelEnv } from './nodeUsagePanel';
import { PanelHost, panelOptions, type PanelKind } from './panelHost';
import { connectivityStrings, nodeUsageStrings } from './strings';

const nodeUsageKind: PanelKind<NodeUsageToHost> = { viewType: viewTypes.nodeUsage, script: 'nodeUsage', isMessage: isNodeUsageToHost };
const connectivityKind: PanelKind<ConnectivityToHost> = { viewType: viewTypes.connectivity, script: 'connectivity', isMessage: isConnectivityToHost };

/** Events are coalesced into at most one post per second per panel. */
const updateIntervalMs = 1000;

export class WebviewPanels implements vscode.Disposable {
  private readonly nodeUsage = new Map<string, NodeUsageController & { reveal(): void }>();
  private readonly connectivity = new Map<string, ConnectivityController & { reveal(): void }>();

  constructor(private readonly deps: { fleet: FleetHost; extensionUri: vscode.Uri; logger: Logger; config: () => vscode.WorkspaceConfiguration }) {}

  /** The live fleet model, or an error that says why there is none. */
  private fleet(): FleetSnapshotReader {
    // The reader keeps usage samples from before a window reload, so charts are not empty after one.
    const fleet = this.deps.fleet.reader();
    if (fleet) return fleet;
    throw new Error(vscode.l10n.t('Edgeplane cannot show this panel: no seed is configured. Add a seed first.'));
  }

  private env(): PanelEnv {
    return {
      locale: vscode.env.language,
      historyMinutes: () => this.deps.config().get<number>('usage.historyMinutes') ?? 60,
      updateIntervalMs,
    };
  }

  showNodeUsage(target: PanelTarget): void {
    const open = this.nodeUsage.get(target.controlPlaneId);
    if (open) {
      open.reveal();
      open.focus(target.nodeId);
      return;
    }
    const panel = vscode.window.createWebviewPanel(nodeUsageKind.viewType, '', vscode.ViewColumn.Active, panelOptions(this.deps.extensionUri));
    this.attachNodeUsage(panel, target);
  }

  showConnectivity(target: PanelTarget): void {
    const open = this.connectivity.get(target.controlPlaneId);
    if (open) return open.reveal();
    const panel = vscode.window.createWebviewPanel(connectivityKind.viewType, '', vscode.ViewColumn.Active, panelOptions(this.deps.extensionUri));
    this.attachConnectivity(panel, { controlPlaneId: target.controlPlaneId });
  }

  private attachNodeUsage(panel: vscode.WebviewPanel, target: PanelTarget): void {
    const fleet = this.fleet();
    const id = target.controlPlaneId;
    panel.title = vscode.l10n.t('Usage: {0}', fleet.controlPlane(id)?.name ?? id);
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'edgeplane.svg');
    // The page cannot answer before the host exists, so the late-bound handler is safe.
    const late: { controller?: NodeUsageController } = {};
    const host = new PanelHost<HostToNodeUsage, NodeUsageToHost>(panel, nodeUsageKind, this.deps.extensionUri, target, this.deps.logger, (m) => late.controller?.onMessage(m));
    const controller = (late.controller = new NodeUsageController(host, fleet, { ...this.env(), strings: nodeUsageStrings }));
    const entry = Object.assign(controller, { reveal: () => panel.reveal() });
    this.nodeUsage.set(id, entry);
    host.onDispose(() => {
      controller.dispose();
      if (this.nodeUsage.get(id) === entry) this.nodeUsage.delete(id);
    });
  }

  private attachConnectivity(panel: vscode.WebviewPanel, target: PanelTarget): void {
    const fleet = this.fleet();
    const id = target.controlPlaneId;
    panel.title = vscode.l10n.t('Connectivity: {0}', fleet.controlPlane(id)?.name ?? id);
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'edgeplane.svg');
    const late: { controller?: ConnectivityController } = {};
    const host = new PanelHost<HostToConnectivity, ConnectivityToHost>(panel, connectivityKind, this.deps.extensionUri, target, this.deps.logger, (m) => late.controller?.onMessage(m));
    const controller = (late.controller = new ConnectivityController(host, fleet, {
      ...this.env(),
      strings: connectivityStrings,
      showNodeUsage: (nodeId) => void vscode.commands.executeCommand(commands.showNodeUsage, { nodeId }),
    }));
    const entry = Object.assign(controller, { reveal: () => panel.reveal() });
    this.connectivity.set(id, entry);
    host.onDispose(() => {
      controller.dispose();
      if (this.connectivity.get(id) === entry) this.connectivity.delete(id);
    });
  }

  /** Serializers: the webview's saved state names its target (see webview/src/ui/vscodeApi.ts). */
  registerSerializers(): vscode.Disposable[] {
    const restore = (attach: (p: vscode.WebviewPanel, t: PanelTarget) => void) => ({
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        const target = isRecord(state) ? state.target : undefined;
        if (!isPanelTarget(target)) {
          panel.dispose();
          return;
        }
        try {
          attach(panel, target);
        } catch (err) {
          // No model (no seed any more): a panel that can never fill is worse than none.
          this.deps.logger.log('warn', `webview restore: ${err instanceof Error ? err.message : String(err)}`);
          panel.dispose();
        }
      },
    });
    return [
      vscode.window.registerWebviewPanelSerializer(viewTypes.nodeUsage, restore((p, t) => this.attachNodeUsage(p, t))),
      vscode.window.registerWebviewPanelSerializer(viewTypes.connectivity, restore((p, t) => this.attachConnectivity(p, t))),
    ];
  }

  dispose(): void {
    for (const c of [...this.nodeUsage.values(), ...this.connectivity.values()]) c.dispose();
    this.nodeUsage.clear();
    this.connectivity.clear();
  }
}
