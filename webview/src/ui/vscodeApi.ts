// The webview side of VS Code: the message port and the per-panel saved state.
// The saved state always names the panel's target, because the host's serializer
// reads it after a window reload to know which control plane to show again.
import { isPanelTarget, type PanelTarget } from '../../../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface SavedState<U> {
  target: PanelTarget;
  ui: U;
}

export interface Port<Out, U> {
  post(message: Out): void;
  ui(): U;
  saveUi(ui: U): void;
  target: PanelTarget | undefined;
}

/** `isUi` checks the remembered UI state; anything else falls back to `defaults`. */
export function connect<Out, U>(defaults: U, isUi: (v: unknown) => v is U): Port<Out, U> {
  const api = acquireVsCodeApi();
  const saved = api.getState() as Partial<SavedState<unknown>> | undefined;
  const target = saved && isPanelTarget(saved.target) ? saved.target : bootstrapTarget();
  let ui = saved && isUi(saved.ui) ? saved.ui : defaults;
  const save = (): void => {
    if (target) api.setState({ target, ui } satisfies SavedState<U>);
  };
  save();
  return {
    post: (m) => api.postMessage(m),
    ui: () => ui,
    saveUi(next) {
      ui = next;
      save();
    },
    target,
  };
}

/** The host writes the target into the page, so it is known before any message. */
function bootstrapTarget(): PanelTarget | undefined {
  try {
    const v: unknown = JSON.parse(decodeURIComponent(document.body.dataset.bootstrap ?? ''));
    return isPanelTarget(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
