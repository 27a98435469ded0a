// An esbuild plugin that fails the build when code outside src/extension imports
// `vscode`: the lint rule says so in the editor, this makes `npm run build` and
// `npm run package` refuse it too (see docs/architecture.md, layers).
import { relative, sep } from 'node:path';

/** @param {string} root the repository root */
export function vscodeOnlyInExtension(root) {
  return {
    name: 'vscode-only-in-extension',
    setup(build) {
      build.onResolve({ filter: /^vscode$/ }, (args) => {
        const from = relative(root, args.importer).split(sep).join('/');
        if (from.startsWith('src/extension/')) return { path: 'vscode', external: true };
        return {
          errors: [{ text: `${from} imports "vscode", but only src/extension may (src/core, src/protocol and webview/ run without VS Code)` }],
        };
      });
    },
  };
}
