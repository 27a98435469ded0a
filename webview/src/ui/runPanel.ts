// A panel's entry point, the same for every panel: connect to VS Code, hand the host's
// messages (checked, never trusted) to the app, repaint as time passes, then say ready.
import './components';
import { connect, type Port } from './vscodeApi';

export interface PanelApp<In> {
  handle(m: In): void;
  /** Ages move on between messages. */
  tick(): void;
}

export function runPanel<In, Out, U>(o: {
  defaults: U;
  isUi: (v: unknown) => v is U;
  isMessage: (v: unknown) => v is In;
  create: (root: HTMLElement, port: Port<Out, U>) => PanelApp<In>;
  tickMs: number;
  ready: (port: Port<Out, U>) => Out;
}): void {
  const port = connect<Out, U>(o.defaults, o.isUi);
  const app = o.create(document.getElementById('app')!, port);
  // Only the host posts into this frame; anything else is ignored, not trusted.
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (o.isMessage(e.data)) app.handle(e.data);
  });
  setInterval(() => app.tick(), o.tickMs);
  window.addEventListener('resize', () => app.tick());
  port.post(o.ready(port));
}
