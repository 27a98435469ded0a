// Reads what VS Code itself recorded about an extension's activation, from the
// "Developer: Show Running Extensions" editor. The figure VS Code shows there is
// the time to load the extension's main module plus the synchronous part of
// activate(), measured inside the extension host.
import type { WorkbenchSession } from '../../test/e2e/harness/index';

export interface RecordedActivation {
  /** As shown by VS Code, e.g. 23 for "Activation: 23ms". */
  ms: number;
  /** false when VS Code activated it at startup ("Startup Activation"). */
  lazy: boolean;
  /** The hover's explanation, e.g. which activation event fired. */
  reason: string;
}

export async function recordedActivation(wb: WorkbenchSession, extensionName: string): Promise<RecordedActivation> {
  await wb.runCommand('Developer: Show Running Extensions');
  const row = wb.page.locator(`.monaco-list-row[aria-label="${extensionName}"]`);
  const label = row.locator('.activation-time');
  try {
    await label.waitFor({ state: 'visible', timeout: 30_000 });
  } catch {
    throw new Error(`"${extensionName}" is not in Developer: Show Running Extensions (was it activated?)`);
  }
  const text = (await label.textContent())?.trim() ?? '';
  const match = /(Startup )?Activation: (\d+)ms/.exec(text);
  if (!match?.[2]) throw new Error(`unexpected activation label for ${extensionName}: ${JSON.stringify(text)}`);
  await label.hover();
  const hover = wb.page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
  const reason = await hover.textContent({ timeout: 5_000 }).then((t) => t?.trim() ?? '').catch(() => '');
  return { ms: Number(match[2]), lazy: !match[1], reason };
}
