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

export {};
