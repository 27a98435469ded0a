// Bootstraps under way, kept in workspaceState with the window's session id: a reload ends
// the extension host mid-bootstrap without a word, so the next activation finds the
// entries of an older session and says what was interrupted and how to finish it.
import { displayName } from '../../core/ids';
import type { L10n } from '../tree/l10nTypes';

export const inFlightKey = 'edgeplane.bootstrapsInFlight';

export interface InFlight {
  /** Unique per run. */
  id: string;
  /** The device or "N devices from FILE". */
  what: string;
  controlPlaneId: string;
  /** vscode.env.sessionId of the window that ran it. */
  session: string;
  startedAt: number;
  /** The last progress message. */
  step?: string;
  kind: 'device' | 'inventory';
}

export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

function all(m: MementoLike): InFlight[] {
  return m.get<InFlight[]>(inFlightKey) ?? [];
}

/** Runs `body` with an entry recorded, updating its step on each progress report; removed however it ends. */
export async function trackBootstrap<T>(m: MementoLike, entry: InFlight, body: (step: (message: string) => void) => Promise<T>): Promise<T> {
  await m.update(inFlightKey, [...all(m), entry]);
  const step = (message: string): void => {
    void m.update(inFlightKey, all(m).map((e) => (e.id === entry.id ? { ...e, step: message } : e)));
  };
  try {
    return await body(step);
  } finally {
    await m.update(inFlightKey, all(m).filter((e) => e.id !== entry.id));
  }
}

/** Entries left by an earlier session (interrupted), removed from the store once taken. */
export async function takeInterrupted(m: MementoLike, session: string): Promise<InFlight[]> {
  const entries = all(m);
  const old = entries.filter((e) => e.session !== session);
  if (old.length > 0) await m.update(inFlightKey, entries.filter((e) => e.session === session));
  return old;
}

export function interruptedMessage(e: InFlight, l10n: L10n): string {
  const cp = displayName(e.controlPlaneId);
  const at = e.step ? l10n.t(' during "{0}"', e.step) : '';
  return e.kind === 'device'
    ? l10n.t('The bootstrap of {0} into "{1}" was interrupted by a window reload{2}. Run Bootstrap Device again for it: it continues where it stopped.', e.what, cp, at)
    : l10n.t('The bootstrap of {0} into "{1}" was interrupted by a window reload{2}. Run Bootstrap Devices from Inventory again: devices already joined are left as they are.', e.what, cp, at);
}
