import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering: core, protocol and webview code must run without VS Code.
const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Only src/extension may import vscode (see docs/architecture.md, layers).' }],
  }],
  'no-restricted-syntax': ['error', {
    selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']",
    message: 'Only src/extension may import vscode (see docs/architecture.md, layers).',
  }],
};
// The extension's Kubernetes requests must keep their client certificate when VS Code's
// proxy support swaps the https agent (src/core/kube/apiClient.ts says how).
const noMakeApiClient = {
  selector: "CallExpression[callee.property.name='makeApiClient']",
  message: 'Use apiClient() or objectApiClient() from src/core/kube/apiClient.ts.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', '.artifacts/**', '**/*.js', '**/*.mjs', 'lab/build/*/**', 'components/*/**/*.go'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
    },
  },
  { files: ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'webview/**/*.ts', 'lab/**/*.ts', 'components/**/*.ts', 'bench/**/*.ts'], rules: noVscode },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/kube/apiClient.ts'],
    rules: { 'no-restricted-syntax': ['error', noVscode['no-restricted-syntax'][1], noMakeApiClient] },
  },
  { files: ['src/extension/**/*.ts'], rules: { 'no-restricted-syntax': ['error', noMakeApiClient] } },
);
