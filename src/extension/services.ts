// What every command receives: the parts activate() built, each once (see extension.ts).
// A plain record: commands read what they need; nothing is filled in later.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { configSection } from './constants';
import type { Core } from './coreLoader';
import type { FleetHost } from './fleetHost/fleetHost';
import type { ControlPlaneStatusBar } from './statusBar/statusBar';
import type { WebviewPanels } from './webviews/panels';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  /** The heavy core bundle, loaded on first call. */
  readonly loadCore: () => Core;
  readonly config: () => vscode.WorkspaceConfiguration;
  /** The live fleet model's owner; the model itself starts on first use. */
  readonly fleet: FleetHost;
  /** The selected control plane; Select Control Plane writes through it. */
  readonly statusBar: Pick<ControlPlaneStatusBar, 'select' | 'selected'>;
  readonly panels: Pick<WebviewPanels, 'showNodeUsage' | 'showConnectivity'>;
}

export const readConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration(configSection);
