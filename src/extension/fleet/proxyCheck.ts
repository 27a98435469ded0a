// VS Code's proxy support in 'override' mode (its default) replaces the https agent of
// every request an extension makes to a non-localhost host, and with it the kubeconfig's
// client certificate: the apiserver then sees "system:anonymous" (403). 'fallback' keeps
// the extension's own agent when no proxy applies. Seen in code-server 4.100.3 (VS Code 1.100);
// see @vscode/proxy-agent's patch(): originalAgent is dropped unless config === 'fallback'.
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';

let asked = false;

export function proxyDropsClientCerts(): boolean {
  return (vscode.workspace.getConfiguration('http').get<string>('proxySupport') ?? 'override') === 'override';
}

/** Once per window, when a seed authenticates with a client certificate: offers to switch http.proxySupport to 'fallback'. */
export async function checkProxySupport(logger: Logger, usesClientCerts: () => boolean): Promise<void> {
  if (asked || !proxyDropsClientCerts() || !usesClientCerts()) return;
  asked = true;
  logger.log('warn', 'http.proxySupport is "override": VS Code replaces the https agent, so kubeconfig client certificates are not sent (403 system:anonymous)');
  const fix = vscode.l10n.t('Use "fallback"');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('VS Code\'s proxy support ("http.proxySupport": "override") drops kubeconfig client certificates, so clusters answer Edgeplane as an anonymous user. Set it to "fallback" (proxies still apply where configured)?'),
    fix,
  );
  if (answer === fix) {
    await vscode.workspace.getConfiguration('http').update('proxySupport', 'fallback', vscode.ConfigurationTarget.Global);
    logger.log('info', 'http.proxySupport set to "fallback"; reload the window if clusters still answer 403');
  }
}

/** Appends the cause to a 403-as-anonymous error while the proxy patch is on. */
export function explainAnonymous(text: string): string {
  if (!/system:anonymous/.test(text) || !proxyDropsClientCerts()) return text;
  return `${text} ${vscode.l10n.t('(VS Code\'s "http.proxySupport": "override" drops kubeconfig client certificates; set it to "fallback".)')}`;
}
