// Open SSH Terminal from the palette: a list of the fleet's nodes and the SSH config's
// Hosts (Include files too), or a typed user@host:port.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { HostChoice } from '../wizards/hostChoices';
import { configHostChoices } from '../wizards/deviceSteps';
import { validateSshDestination } from '../wizards/validation';

export async function pickTerminalHost(services: Services): Promise<HostChoice | undefined> {
  const choices = configHostChoices(services, { includeNodes: true });
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { choice?: HostChoice }>();
  qp.title = vscode.l10n.t('Open SSH Terminal');
  qp.placeholder = vscode.l10n.t('A node, a Host from your SSH config, or type an address (user@host:port)');
  qp.matchOnDescription = true;
  const base = choices.map((c) => ({ label: c.nodeId ? `$(server) ${c.label}` : c.label, description: c.description, choice: c }));
  qp.items = base;
  qp.onDidChangeValue((v) => {
    const typed = v.trim();
    const known = choices.some((c) => c.label === typed);
    qp.items = typed && !known ? [{ label: typed, description: vscode.l10n.t('address') }, ...base] : base;
  });
  return new Promise<HostChoice | undefined>((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!item) return;
      if (!item.choice) {
        const problem = validateSshDestination(item.label, vscode.l10n);
        if (problem) {
          qp.placeholder = problem;
          return;
        }
      }
      done = true;
      resolve(item.choice ?? { label: item.label, destination: item.label, joinedAs: [] });
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
