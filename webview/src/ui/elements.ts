// The @vscode-elements components the panels use, imported one by one to keep the
// bundle small. They style themselves through adoptedStyleSheets, which the CSP
// allows; `litNonce` covers the <style> fallback lit uses where those are missing.
declare global {
  interface Window {
    litNonce?: string;
  }
}

const script = document.currentScript as HTMLScriptElement | null;
if (script?.nonce) window.litNonce = script.nonce;

// A blocked style or script is otherwise silent: count it on <body> (the e2e test
// asserts there is none) and say what was blocked in the webview's console.
let violations = 0;
document.addEventListener('securitypolicyviolation', (e) => {
  violations += 1;
  document.body.dataset.cspViolations = String(violations);
  console.warn(`Edgeplane webview: CSP blocked ${e.effectiveDirective} (${e.blockedURI || 'inline'})`);
});

export {};
