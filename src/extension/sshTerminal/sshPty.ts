// A VS Code terminal on a device: a pty + shell channel over the same verified SSH
// connection core makes (jump hosts included). Resize follows the terminal; closing
// either side closes the other. A failure to connect stays on screen, whole, until a
// key is pressed, and is also shown as an error notification: closing at once would leave
// only VS Code's "The terminal process failed to launch (exit code: 1)".
import type { ClientChannel } from 'ssh2';
import * as vscode from 'vscode';
import type { SshConnection } from '../../core/ssh/connect';

export class SshPty implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  private readonly closes = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writes.event;
  readonly onDidClose = this.closes.event;
  private stream: ClientChannel | undefined;
  private conn: SshConnection | undefined;
  private closed = false;
  /** Set when connecting failed: the next key closes the terminal. */
  private failed = false;
  // Streaming decode: a multi-byte character may be split across two chunks.
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly label: string,
    private readonly open_: () => Promise<SshConnection>,
    private readonly describe: (err: unknown) => string,
    private readonly onFailure: (message: string) => void = () => undefined,
  ) {}

  open(dims: vscode.TerminalDimensions | undefined): void {
    this.writes.fire(`${vscode.l10n.t('Connecting to {0}…', this.label)}\r\n`);
    void this.start(dims).catch((err: unknown) => {
      if (this.closed) return;
      const message = this.describe(err);
      this.failed = true;
      this.writes.fire(`\r\n${terminalText(message, true)}\r\n\r\n${vscode.l10n.t('Press any key to close this terminal.')}\r\n`);
      this.onFailure(message);
    });
  }

  private async start(dims: vscode.TerminalDimensions | undefined): Promise<void> {
    const conn = await this.open_();
    this.conn = conn;
    if (this.closed) {
      conn.close();
      return;
    }
    const stream = await new Promise<ClientChannel>((resolve, reject) => {
      conn.client.shell({ term: 'xterm-256color', cols: dims?.columns ?? 80, rows: dims?.rows ?? 24 }, (err, s) => (err ? reject(err) : resolve(s)));
    });
    this.stream = stream;
    stream.on('data', (d: Buffer) => this.writes.fire(this.decoder.decode(d, { stream: true })));
    stream.stderr.on('data', (d: Buffer) => this.writes.fire(this.decoder.decode(d, { stream: true })));
    stream.on('exit', (code: number | null) => this.finish(code ?? 0));
    stream.on('close', () => this.finish(0));
    conn.closed.catch(() => undefined).finally(() => this.finish(0));
  }

  handleInput(data: string): void {
    if (this.failed) return this.finish(undefined);
    this.stream?.write(data);
  }

  setDimensions(dims: vscode.TerminalDimensions): void {
    this.stream?.setWindow(dims.rows, dims.columns, 0, 0);
  }

  close(): void {
    this.finish(undefined);
  }

  private finish(code: number | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.stream?.end();
    this.conn?.close();
    this.closes.fire(code);
    this.writes.dispose();
    this.closes.dispose();
  }
}

/** Text for a terminal: CRLF line ends (a bare LF only moves down), optionally in red. */
export function terminalText(text: string, error = false): string {
  const body = text.replace(/\r?\n/g, '\r\n');
  return error ? `\x1b[31m${body}\x1b[0m` : body;
}
