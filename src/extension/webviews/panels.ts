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

interface OpenPanel {
  reveal(): void;
  dispose(): void;
}

/** One kind of panel: how it is titled and which controller drives it. */
interface PanelSpec<Out, In extends { type: string }, C extends { onMessage(m: In): void; dispose(): void }> {
  kind: PanelKind<In>;
  title: (name: string) => string;
  controller: (host: PanelHost<Out, In>, fleet: FleetSnapshotReader) => C;
}

export class WebviewPanels implements vscode.Disposable {
  private readonly nodeUsage = new Map<string, NodeUsageController & OpenPanel>();
  private readonly connectivity = new Map<string, ConnectivityController & OpenPanel>();
  private readonly nodeUsageSpec: PanelSpec<HostToNodeUsage, NodeUsageToHost, NodeUsageController>;
  private readonly connectivitySpec: PanelSpec<HostToConnectivity, ConnectivityToHost, ConnectivityController>;

  constructor(private readonly deps: { fleet: FleetHost; extensionUri: vscode.Uri; logger: Logger; config: () => vscode.WorkspaceConfiguration }) {
    this.nodeUsageSpec = {
      kind: nodeUsageKind,
      title: (name) => vscode.l10n.t('Usage: {0}', name),
      controller: (host, fleet) => new NodeUsageController(host, fleet, { ...this.env(), strings: nodeUsageStrings }),
    };
    this.connectivitySpec = {
      kind: connectivityKind,
      title: (name) => vscode.l10n.t('Connectivity: {0}', name),
      controller: (host, fleet) =>
        new ConnectivityController(host, fleet, {
          ...this.env(),
          strings: connectivityStrings,
          showNodeUsage: (nodeId) => void vscode.commands.executeCommand(commands.showNodeUsage, { nodeId }),
        }),
    };
  }

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
    this.attach(this.create(nodeUsageKind), target, this.nodeUsageSpec, this.nodeUsage);
  }

  showConnectivity(target: PanelTarget): void {
    const open = this.connectivity.get(target.controlPlaneId);
    if (open) return open.reveal();
    this.attach(this.create(connectivityKind), { controlPlaneId: target.controlPlaneId }, this.connectivitySpec, this.connectivity);
  }

  private create(kind: PanelKind<{ type: string }>): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(kind.viewType, '', vscode.ViewColumn.Active, panelOptions(this.deps.extensionUri));
  }

  /** Drives `panel` (new, or restored after a reload) with a fresh controller, kept in `open` until it closes. */
  private attach<Out, In extends { type: string }, C extends { onMessage(m: In): void; dispose(): void }>(
    panel: vscode.WebviewPanel,
    target: PanelTarget,
    spec: PanelSpec<Out, In, C>,
    open: Map<string, C & OpenPanel>,
  ): void {
    const fleet = this.fleet();
    const id = target.controlPlaneId;
    panel.title = spec.title(fleet.controlPlane(id)?.name ?? id);
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'edgeplane.svg');
    // The page cannot answer before the host exists, so the late-bound handler is safe.
    const late: { controller?: C } = {};
    const host = new PanelHost<Out, In>(panel, spec.kind, this.deps.extensionUri, target, this.deps.logger, (m) => late.controller?.onMessage(m));
    const controller = (late.controller = spec.controller(host, fleet));
    const entry = Object.assign(controller, { reveal: () => panel.reveal() });
    open.set(id, entry);
    host.onDispose(() => {
      controller.dispose();
      if (open.get(id) === entry) open.delete(id);
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
      vscode.window.registerWebviewPanelSerializer(viewTypes.nodeUsage, restore((p, t) => this.attach(p, t, this.nodeUsageSpec, this.nodeUsage))),
      vscode.window.registerWebviewPanelSerializer(viewTypes.connectivity, restore((p, t) => this.attach(p, t, this.connectivitySpec, this.connectivity))),
    ];
  }

  dispose(): void {
    for (const c of [...this.nodeUsage.values(), ...this.connectivity.values()]) c.dispose();
    this.nodeUsage.clear();
    this.connectivity.clear();
  }
}
