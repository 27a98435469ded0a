// The one HTML page both panels load: a strict CSP with a per-load nonce, the
// theme-only stylesheet, and the panel's bundle. Pure (no vscode) so it is tested.
import { randomBytes } from 'node:crypto';

export interface PanelPage {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  lang: string;
  /** JSON the webview reads before any message arrives (what it shows), URI-encoded */
  bootstrap: unknown;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function panelHtml(p: PanelPage): string {
  const csp = contentSecurityPolicy(p.cspSource, p.nonce);
  return `<!DOCTYPE html>
<html lang="${escapeAttr(p.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(p.styleUri)}" nonce="${escapeAttr(p.nonce)}">
<title>${escapeAttr(p.title)}</title>
</head>
<body data-bootstrap="${escapeAttr(encodeURIComponent(JSON.stringify(p.bootstrap)))}">
<main id="app" aria-live="polite"></main>
<script nonce="${escapeAttr(p.nonce)}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>`;
}
