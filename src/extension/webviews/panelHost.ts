// One webview panel's plumbing, shared by both kinds: options (no retained context,
// resources only from dist/webview and media), the CSP page, guarded messages and
// the ready handshake. A panel is posted to only between its `ready` and its hiding:
// a hidden panel's page is gone (retainContextWhenHidden is off) and reloads on show,
// and its next `ready` brings the whole state again.
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import type { Guard, PanelTarget } from '../../protocol';
import { newNonce, panelHtml } from './html';

export interface PanelKind<In> {
  viewType: string;
  /** bundle name: dist/webview/<script>.js */
  script: string;
  isMessage: Guard<In>;
}

export const panelStyle = 'webviewPanels.css';

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class PanelHost<Out, In extends { type: string }> implements vscode.Disposable {
  private ready = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeListeners: (() => void)[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly kind: PanelKind<In>,
    private readonly extensionUri: vscode.Uri,
    readonly target: PanelTarget,
    private readonly logger: Logger,
    private readonly onMessage: (m: In) => void,
  ) {
    // The serializer hands back a panel with the options it had; set them again
    // anyway so a restored panel never has wider resource roots than a new one.
    panel.webview.options = panelOptions(extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.render();
  }

  /** True while the page is loaded and has said `ready`. */
  get isReady(): boolean {
    return this.ready;
  }

  post(message: Out): void {
    if (!this.ready) return;
    void this.panel.webview.postMessage(message).then(undefined, (err: unknown) => {
      this.logger.log('debug', `${this.kind.viewType}: post failed: ${String(err)}`);
    });
  }

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  private render(): void {
    const webview = this.panel.webview;
    const asset = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: asset('dist', 'webview', `${this.kind.script}.js`),
      styleUri: asset('media', panelStyle),
      title: this.panel.title,
      lang: vscode.env.language,
      bootstrap: this.target,
    });
  }

  private receive(m: unknown): void {
    if (!this.kind.isMessage(m)) {
      this.logger.log('warn', `${this.kind.viewType}: ignored a malformed message from the webview`);
      return;
    }
    if (m.type === 'ready') this.ready = true;
    this.onMessage(m);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ready = false;
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const l of this.disposeListeners.splice(0)) l();
    this.panel.dispose();
  }
}
