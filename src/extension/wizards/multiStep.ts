// Multi-step quick input with Back navigation (after VS Code's multi-step sample): each step
// is a function that shows one input and returns the next step. Errors found when a step is
// accepted (async checks) stay on that step as its validation message; nothing moves on.
import * as vscode from 'vscode';
import { errorRowFor } from './errorRow';

const showWhole: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('open-preview'), tooltip: vscode.l10n.t('Show the whole message') };

export class WizardBack extends Error {}
export class WizardCancelled extends Error {}

export type Step<S> = (wizard: Wizard, state: S) => Promise<Step<S> | undefined>;

export interface PickOptions<T extends vscode.QuickPickItem> {
  items: T[];
  placeholder?: string;
  active?: T;
  /** Runs on accept; a string is shown on the step (in the placeholder) and the step stays. */
  accept?: (item: T) => Promise<string | undefined>;
  /** Extra title-bar buttons, e.g. "Browse…". */
  buttons?: vscode.QuickInputButton[];
  onButton?: (button: vscode.QuickInputButton) => Promise<T | undefined>;
  /** Turns typed text into an extra first item, for "pick one or type your own". */
  freeText?: (value: string) => T | undefined;
}

export interface InputOptions {
  value?: string;
  prompt?: string;
  placeholder?: string;
  password?: boolean;
  /** Runs on every keystroke: the message blocks Enter. */
  validate?: (value: string) => string | undefined;
  /** Runs on accept, with the step busy; a message keeps the step open. */
  accept?: (value: string) => Promise<string | undefined>;
  buttons?: vscode.QuickInputButton[];
  onButton?: (button: vscode.QuickInputButton, box: vscode.InputBox) => void;
}

export class Wizard {
  private current: vscode.QuickInput | undefined;
  private step = 0;

  private constructor(
    readonly title: string,
    private readonly totalSteps: number,
  ) {}

  /** Runs steps until one returns undefined. Resolves false when the person cancelled. */
  static async run<S>(title: string, totalSteps: number, state: S, first: Step<S>): Promise<boolean> {
    const w = new Wizard(title, totalSteps);
    const history: Step<S>[] = [];
    let next: Step<S> | undefined = first;
    try {
      while (next) {
        history.push(next);
        w.step = history.length;
        try {
          next = await next(w, state);
        } catch (err) {
          if (!(err instanceof WizardBack)) throw err;
          history.pop();
          next = history.pop();
        }
      }
      return true;
    } catch (err) {
      if (err instanceof WizardCancelled) return false;
      throw err;
    } finally {
      w.current?.dispose();
    }
  }

  pick<T extends vscode.QuickPickItem>(o: PickOptions<T>): Promise<T> {
    const qp = vscode.window.createQuickPick<T>();
    this.prepare(qp);
    qp.items = o.items;
    qp.placeholder = o.placeholder;
    qp.ignoreFocusOut = true;
    if (o.active) qp.activeItems = [o.active];
    if (o.freeText) {
      const typed = o.freeText;
      qp.onDidChangeValue((v) => {
        const extra = typed(v);
        const known = o.items.some((i) => i.label === v.trim());
        qp.items = [...(errorRow ? [errorRow] : []), ...(extra && !known ? [extra] : []), ...o.items];
      });
    }
    qp.buttons = [...(this.step > 1 ? [vscode.QuickInputButtons.Back] : []), ...(o.buttons ?? [])];
    let errorRow: T | undefined;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (f: () => void) => {
        settled = true;
        f();
      };
      let fullProblem = '';
      const take = async (item: T) => {
        if (item === errorRow) {
          // A row cuts a long message (at 1280 px the remedy is lost): Enter on it shows it whole.
          await vscode.window.showErrorMessage(fullProblem, { modal: true });
          return;
        }
        if (o.accept) {
          qp.busy = true;
          qp.enabled = false;
          const problem = await o.accept(item).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
          qp.busy = false;
          qp.enabled = true;
          if (problem) {
            // The problem leads the list: what failed as the label, what to do below it, and
            // the whole text one Enter (or the row's button) away, since rows cut long lines.
            fullProblem = problem;
            const row = errorRowFor(problem, vscode.l10n);
            qp.placeholder = row.placeholder;
            errorRow = { label: row.label, detail: row.detail, alwaysShow: true, buttons: [showWhole] } as unknown as T;
            qp.items = [errorRow, ...o.items];
            qp.activeItems = [item];
            return;
          }
        }
        finish(() => resolve(item));
      };
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0] ?? qp.activeItems[0];
        if (item) void take(item);
      });
      qp.onDidTriggerItemButton(async (e) => {
        if (e.item === errorRow) await vscode.window.showErrorMessage(fullProblem, { modal: true });
      });
      qp.onDidTriggerButton(async (b) => {
        if (b === vscode.QuickInputButtons.Back) return finish(() => reject(new WizardBack()));
        const item = await o.onButton?.(b);
        if (item) void take(item);
      });
      qp.onDidHide(() => {
        if (!settled) reject(new WizardCancelled());
      });
      this.swap(qp);
    });
  }

  input(o: InputOptions): Promise<string> {
    const box = vscode.window.createInputBox();
    this.prepare(box);
    box.value = o.value ?? '';
    box.prompt = o.prompt;
    box.placeholder = o.placeholder;
    box.password = o.password ?? false;
    box.ignoreFocusOut = true;
    box.buttons = [...(this.step > 1 ? [vscode.QuickInputButtons.Back] : []), ...(o.buttons ?? [])];
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      box.onDidChangeValue((v) => {
        box.validationMessage = o.validate?.(v);
      });
      box.onDidAccept(async () => {
        const value = box.value;
        const sync = o.validate?.(value);
        if (sync) {
          box.validationMessage = sync;
          return;
        }
        if (o.accept) {
          box.busy = true;
          box.enabled = false;
          const problem = await o.accept(value).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
          box.busy = false;
          box.enabled = true;
          if (problem) {
            box.validationMessage = problem;
            return;
          }
        }
        settled = true;
        resolve(value);
      });
      box.onDidTriggerButton((b) => {
        if (b === vscode.QuickInputButtons.Back) {
          settled = true;
          reject(new WizardBack());
        } else o.onButton?.(b, box);
      });
      box.onDidHide(() => {
        if (!settled) reject(new WizardCancelled());
      });
      // Show a pre-filled value's problem at once (e.g. a default name already taken).
      if (box.value && o.validate) box.validationMessage = o.validate(box.value);
      this.swap(box);
    });
  }

  private prepare(q: vscode.QuickInput): void {
    q.title = this.title;
    q.step = this.step;
    q.totalSteps = this.totalSteps;
  }

  private swap(next: vscode.QuickInput): void {
    const prev = this.current;
    this.current = next;
    next.show();
    // Dispose after showing the next one, so the widget does not flicker closed between steps.
    prev?.dispose();
  }
}

