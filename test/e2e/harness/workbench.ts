// Page-level helpers for the VS Code workbench. Selectors are VS Code 1.100's DOM;
// each helper fails with a message that says what it was looking for.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

export const timeouts = { ui: 15_000, command: 30_000 } as const;

function describe(text: string | RegExp): string {
  return typeof text === 'string' ? JSON.stringify(text) : String(text);
}

async function expectVisible(locator: Locator, what: string, timeout: number = timeouts.ui): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
  }
  return locator.first();
}

export class Workbench {
  private step = 0;

  constructor(readonly page: Page, readonly url: string, readonly artifacts: string) {
    mkdirSync(artifacts, { recursive: true });
  }

  /** Saves `<nn>-<step>.png` in the test's artifacts folder and returns its path. */
  async screenshot(step: string): Promise<string> {
    this.step += 1;
    const file = join(this.artifacts, `${String(this.step).padStart(2, '0')}-${step.replace(/[^\w.-]+/g, '-')}.png`);
    // Finish CSS transitions first, so a toast is not caught sliding in.
    await this.page.screenshot({ path: file, animations: 'disabled' });
    return file;
  }

  async waitForWorkbench(timeout = 60_000): Promise<void> {
    await expectVisible(this.page.locator('.monaco-workbench .part.activitybar'), 'the VS Code workbench to load', timeout);
    await expectVisible(this.page.locator('.monaco-workbench .part.statusbar'), 'the status bar', timeout);
  }

  // ---- command palette, quick picks, input boxes ----

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the palette, types the title, picks the row whose label is exactly the title. */
  async runCommand(title: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const box = await expectVisible(this.quickInput().locator('input'), 'the command palette to open');
    await box.fill(`>${title}`);
    await this.pickItem(title, `command ${describe(title)} in the palette`);
  }

  /** Labels of the rows the open quick pick shows now. */
  async quickPickItems(): Promise<string[]> {
    await expectVisible(this.quickInput(), 'a quick pick to be open');
    const labels = await this.quickInput().locator('.monaco-list-row .label-name').allTextContents();
    return labels.map((l) => l.trim());
  }

  /** Lists every palette entry that matches the filter text (the list is virtual: scrolls through it). */
  async paletteEntries(filter: string, screenshotStep?: string): Promise<string[]> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const box = await expectVisible(this.quickInput().locator('input'), 'the command palette to open');
    await box.fill(`>${filter}`);
    await expectVisible(this.quickInput().locator('.monaco-list-row'), `palette entries matching ${describe(filter)}`);
    if (screenshotStep) await this.screenshot(screenshotStep);
    const seen = new Set<string>();
    let stable = 0;
    // Walk the list with the keyboard: a virtual list renders only the rows in view.
    for (let i = 0; i < 200 && stable < 3; i++) {
      const before = seen.size;
      for (const l of await this.quickInput().locator('.monaco-list-row .label-name').allTextContents()) seen.add(l.trim());
      stable = seen.size === before ? stable + 1 : 0;
      await this.page.keyboard.press('PageDown');
    }
    await this.closeQuickInput();
    return [...seen].sort();
  }

  /** Picks the row of the open quick pick whose label equals `label` (or matches it). */
  async pickItem(label: string | RegExp, what = `quick pick item ${describe(label)}`): Promise<void> {
    const rows = this.quickInput().locator('.monaco-list-row');
    const wanted = typeof label === 'string'
      ? rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      : rows.filter({ has: this.page.locator('.label-name', { hasText: label }) });
    const row = await expectVisible(wanted, what);
    await row.click();
  }

  /**
   * Types into a quick pick once the step whose placeholder matches is showing: text
   * typed while the previous step is still on screen would go to that step.
   */
  async typeInPick(text: string, placeholder: RegExp): Promise<void> {
    const box = this.quickInput().locator('input').first();
    await expectVisible(box, 'a quick pick to be open');
    await this.page.waitForFunction(
      ([el, source]) => new RegExp(source as string).test((el as unknown as { placeholder: string }).placeholder),
      [await box.elementHandle(), placeholder.source] as const,
      { timeout: timeouts.ui },
    );
    await box.fill(text);
  }

  /** Answers an input box: types the value and presses Enter. */
  async answerInput(value: string, prompt?: string | RegExp): Promise<void> {
    const widget = await expectVisible(this.quickInput(), `an input box${prompt ? ` asking ${describe(prompt)}` : ''}`);
    if (prompt) await expectVisible(widget.getByText(prompt), `input box prompt ${describe(prompt)}`);
    const box = widget.locator('input').first();
    await box.fill(value);
    await box.press('Enter');
  }

  /**
   * Create Control Plane through its wizard: the name, then v1.35.4, NodePort, one etcd
   * member, size small and the layout; `onSizeStep` runs while the size step shows.
   */
  async createControlPlaneWizard(name: string, layout: 'standard' | 'compact', onSizeStep?: () => Promise<unknown>): Promise<void> {
    await this.runCommand('Edgeplane: Create Control Plane');
    await this.answerInput(name, /Name of the control plane/);
    await this.pickItem('v1.35.4');
    await this.pickItem('NodePort');
    await this.pickItem('1');
    await onSizeStep?.();
    await this.pickItem('small');
    await this.pickItem(layout);
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput().isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput().waitFor({ state: 'hidden', timeout: timeouts.ui }).catch(() => undefined);
    }
  }

  // ---- notifications and status bar ----

  /** Messages of the notification toasts on screen now. */
  async notifications(): Promise<string[]> {
    const messages = await this.page.locator('.notifications-toasts .notification-list-item-message:visible').allTextContents();
    return messages.map((m) => m.trim());
  }

  /** Waits for a toast whose message contains the text (or matches it) and returns its message. */
  async waitForNotification(text: string | RegExp, timeout: number = timeouts.command): Promise<string> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item-message:visible', { hasText: text });
    const found = await expectVisible(toast, `a notification ${describe(text)} (shown: ${JSON.stringify(await this.notifications())})`, timeout)
      .catch(async (err: Error) => {
        throw new Error(`${err.message}; notifications on screen: ${JSON.stringify(await this.notifications())}`);
      });
    return (await found.textContent())?.trim() ?? '';
  }

  async clearNotifications(): Promise<void> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    for (let i = await toasts.count(); i > 0; i--) {
      await toasts.first().hover().catch(() => undefined);
      await toasts.first().locator('.codicon-notifications-clear, .codicon-close').first().click().catch(() => undefined);
    }
  }

  async statusBarText(): Promise<string> {
    return (await this.page.locator('.part.statusbar').innerText()).replace(/\s+/g, ' ').trim();
  }

  /** A status bar entry whose text contains (or matches) the given text. */
  async statusBarItem(text: string | RegExp, timeout: number = timeouts.ui): Promise<Locator> {
    return expectVisible(this.page.locator('.part.statusbar .statusbar-item', { hasText: text }), `status bar item ${describe(text)}`, timeout);
  }

  // ---- the Edgeplane view ----

  /** Opens the Edgeplane activity-bar container and returns the Fleet view's pane. */
  async openView(): Promise<Locator> {
    const pane = this.fleetPane();
    if (!(await pane.isVisible())) {
      const icon = await expectVisible(this.page.locator('.part.activitybar .action-item a[aria-label^="Edgeplane"], .part.activitybar .action-item .action-label[aria-label^="Edgeplane"]'), 'the Edgeplane icon in the activity bar');
      await icon.click();
    }
    return expectVisible(pane, 'the Edgeplane Fleet view');
  }

  /** The Fleet view's pane body (tree or welcome content). */
  fleetPane(): Locator {
    return this.page.locator('.part.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: /fleet/i }) }).locator('.pane-body');
  }

  /** The welcome content shown when the Fleet view has nothing to show. */
  async welcome(): Promise<Locator> {
    await this.openView();
    return expectVisible(this.fleetPane().locator('.welcome-view-content'), 'the Fleet view welcome content');
  }

  /** Tree rows of the Fleet view whose label contains (or matches) the text. */
  treeItem(label: string | RegExp): Locator {
    return this.fleetPane().locator('.monaco-list-row[role="treeitem"]', { hasText: label });
  }

  async waitForTreeItem(label: string | RegExp, timeout: number = timeouts.command): Promise<Locator> {
    await this.openView();
    return expectVisible(this.treeItem(label), `tree item ${describe(label)} in the Fleet view`, timeout);
  }

  /** Labels of the tree rows rendered now (the tree is virtual: only rows in view). */
  async treeLabels(): Promise<string[]> {
    const labels = await this.fleetPane().locator('.monaco-list-row[role="treeitem"] .label-name').allTextContents();
    return labels.map((l) => l.trim());
  }

  /** Expands a collapsed tree row. */
  async expandTreeItem(label: string | RegExp): Promise<void> {
    const row = await this.waitForTreeItem(label);
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }

  /** Right-clicks a tree row and picks a context-menu entry. */
  async treeContextMenu(label: string | RegExp, action: string): Promise<void> {
    const row = await this.waitForTreeItem(label);
    await row.click({ button: 'right' });
    const item = await expectVisible(this.page.locator('.context-view .action-item .action-label', { hasText: action }), `context menu entry ${describe(action)}`);
    await item.click();
  }

  /** Clicks an inline action (icon button) on a tree row, by its title. */
  async treeInlineAction(label: string | RegExp, actionTitle: string): Promise<void> {
    const row = await this.waitForTreeItem(label);
    await row.hover();
    const button = await expectVisible(row.locator(`.actions .action-label[aria-label^="${actionTitle}"]`), `inline action ${describe(actionTitle)} on ${describe(label)}`);
    await button.click();
  }

  // ---- webviews ----

  /** Content of the active webview panel (the inner frame that holds the panel's document). */
  webview(index = 0): FrameLocator {
    return this.page.locator('iframe.webview.ready').nth(index).contentFrame().frameLocator('#active-frame');
  }

  /** Waits until the active webview shows the text. */
  async waitForWebviewText(text: string | RegExp, timeout: number = timeouts.command, index = 0): Promise<Locator> {
    return expectVisible(this.webview(index).getByText(text), `webview text ${describe(text)}`, timeout);
  }

  /** Titles of the open editor tabs. */
  async editorTabs(): Promise<string[]> {
    const tabs = await this.page.locator('.tabs-container .tab .label-name').allTextContents();
    return tabs.map((t) => t.trim());
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
