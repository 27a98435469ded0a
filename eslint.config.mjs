import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering: core, protocol and webview code must run without VS Code.
const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Only src/extension may import vscode (see ARCHITECTURE.md, layers).' }],
  }],
  'no-restricted-syntax': ['error', {
    selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']",
    message: 'Only src/extension may import vscode (see ARCHITECTURE.md, layers).',
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', '.artifacts/**', '**/*.js', '**/*.mjs', 'lab/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
    },
  },
  { files: ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'webview/**/*.ts', 'lab/**/*.ts', 'bench/**/*.ts'], rules: noVscode },
);
