import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, newNonce, panelHtml } from './html';

test('the CSP allows only nonce scripts and theme-source styles, never unsafe-*', () => {
  const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'abc');
  assert.equal(
    csp,
    "default-src 'none'; img-src https://x.vscode-cdn.net data:; style-src https://x.vscode-cdn.net 'nonce-abc'; script-src 'nonce-abc'; font-src https://x.vscode-cdn.net",
  );
  assert.doesNotMatch(csp, /unsafe/);
});

test('nonces are fresh and CSP-safe', () => {
  const a = newNonce();
  assert.match(a, /^[A-Za-z0-9_-]{24}$/);
  assert.notEqual(a, newNonce());
});

test('the page carries the CSP, the nonce on the script, and escaped bootstrap data', () => {
  const html = panelHtml({
    cspSource: 'vscode-webview://src',
    nonce: 'N0nce',
    scriptUri: 'vscode-webview://src/dist/webview/nodeUsage.js',
    styleUri: 'vscode-webview://src/media/webviewPanels.css',
    title: 'Node usage: "a<b>"',
    lang: 'en',
    bootstrap: { controlPlaneId: 'seed/"cp"' },
  });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*script-src 'nonce-N0nce'/);
  assert.match(html, /<script nonce="N0nce" src="vscode-webview:\/\/src\/dist\/webview\/nodeUsage\.js"><\/script>/);
  assert.match(html, /<title>Node usage: &quot;a&lt;b&gt;&quot;<\/title>/);
  const m = /data-bootstrap="([^"]*)"/.exec(html);
  assert.ok(m);
  assert.deepEqual(JSON.parse(decodeURIComponent(m[1]!)), { controlPlaneId: 'seed/"cp"' });
  assert.equal((html.match(/<script/g) ?? []).length, 1);
});
