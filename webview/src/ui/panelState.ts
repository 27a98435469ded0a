// What both panels keep between host messages: the last `init` (its strings and
// settings), number and time formats in its locale, and rows keyed by id that later
// messages upsert and remove. Also the clock: every message carries the host's time.
import { formatter, type Formatter } from '../logic/text';
import { syncClock } from './clock';
import type { Port } from './vscodeApi';

const timeFormat = (locale: string | undefined): Intl.DateTimeFormat => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });

export class PanelState<I extends { locale: string }, R extends { id: string }> {
  init: I | undefined;
  fmt: Formatter = formatter('en');
  timeFmt = timeFormat(undefined);
  readonly rows = new Map<string, R>();

  /** Every message: the host's clock. */
  received(m: { now: number }): void {
    syncClock(m.now);
  }

  /** A new `init` replaces everything. */
  start(init: I, rows: readonly R[]): void {
    this.init = init;
    this.fmt = formatter(init.locale);
    this.timeFmt = timeFormat(init.locale);
    this.rows.clear();
    for (const r of rows) this.rows.set(r.id, r);
  }

  /** Changed and removed rows, and fields of `init` a message renews; false (drop it) before `init`. */
  update(renewed: Partial<I>, rows: readonly R[] = [], removed: readonly string[] = []): boolean {
    if (!this.init) return false;
    this.init = { ...this.init, ...renewed };
    for (const id of removed) this.rows.delete(id);
    for (const r of rows) this.rows.set(r.id, r);
    return true;
  }
}

/**
 * What both panel apps share: their state, the page root and port, and repainting as
 * time passes. The page's skeleton (S) is built once, on the first paint after `init`;
 * later paints replace only the parts inside it, so an open dropdown and keyboard focus
 * survive live updates.
 */
export abstract class PanelView<I extends { locale: string }, R extends { id: string }, Out, U, S> {
  protected readonly state = new PanelState<I, R>();
  private skeleton: S | undefined;

  constructor(
    protected readonly root: HTMLElement,
    protected readonly port: Port<Out, U>,
  ) {}

  /** Ages move on between messages. */
  tick(): void {
    if (this.state.init) this.render();
  }

  protected render(): void {
    const init = this.state.init;
    if (init) this.paint(init, (this.skeleton ??= this.buildSkeleton(init)));
  }

  protected abstract buildSkeleton(init: I): S;
  protected abstract paint(init: I, sk: S): void;
}
