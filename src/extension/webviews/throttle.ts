// Coalesces bursts of fleet events into at most one flush per interval: a control
// plane with thousands of nodes renews a Lease every few milliseconds, and a
// webview must not be posted that often.

export interface Throttle {
  /** Ask for a flush; runs once, `intervalMs` after the first request of a burst. */
  schedule(): void;
  /** Run a pending flush now. */
  flush(): void;
  dispose(): void;
}

export function throttle(run: () => void, intervalMs: number): Throttle {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const fire = (): void => {
    timer = undefined;
    if (!disposed) run();
  };
  return {
    schedule() {
      if (!disposed && timer === undefined) timer = setTimeout(fire, intervalMs);
    },
    flush() {
      if (timer !== undefined) {
        clearTimeout(timer);
        fire();
      }
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
