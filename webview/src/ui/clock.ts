// Ages are computed against the host's clock: code-server's browser may run on a
// machine whose clock differs from the extension host's.
let offset = 0;

export function syncClock(hostNow: number): void {
  offset = hostNow - Date.now();
}

export function now(): number {
  return Date.now() + offset;
}
