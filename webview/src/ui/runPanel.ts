// A panel's entry point, the same for every panel: connect to VS Code, hand the host's
// messages (checked, never trusted) to the app, repaint as time passes, then say ready.
import './components';
import { connect, type Port } from './vscodeApi';

export interface PanelApp<In, Out> {
  handle(m: In): void;
  /** Ages move on between messages. */
  tick(): void;
  /** The first message to the host, which answers with the whole state. */
  ready(): Out;
}

/** `ui`: the panel's remembered view state, its defaults and its check. */
export function runPanel<In, Out, U>(
  isMessage: (v: unknown) => v is In,
  ui: { defaults: U; isUi: (v: unknown) => v is U },
  create: (root: HTMLElement, port: Port<Out, U>) => PanelApp<In, Out>,
  tickMs: number,
): void {
  const port = connect<Out, U>(ui.defaults, ui.isUi);
  const app = create(document.getElementById('app')!, port);
  // Only the host posts into this frame; anything else is ignored, not trusted.
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (isMessage(e.data)) app.handle(e.data);
  });
  setInterval(() => app.tick(), tickMs);
  window.addEventListener('resize', () => app.tick());
  port.post(app.ready());
}
