// @ts-check
// The project's lint rules. Layer boundaries are enforced here, not by memory:
// only src/vscode, src/extension.ts and src/language/client.ts may import 'vscode'.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noVscode = (/** @type {string} */ where) => ({
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: `${where} must not import 'vscode' (see README: Architecture).`, allowTypeImports: false }],
  }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.cache/**', 'node_modules/**', 'test-results/**', 'test/fixtures/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  { files: ['src/core/**', 'src/emulator/**', 'src/shared/**', 'src/language/server/**'], rules: noVscode('The pure core, emulator, shared protocol and language server') },
  {
    files: ['src/webview/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...noVscode('Webview code runs in the browser and'),
      // Result values are hostile: never build HTML from strings in the webview.
      'no-restricted-properties': ['error',
        { property: 'innerHTML', message: 'Use textContent / DOM APIs; result data is attacker-controlled.' },
        { property: 'outerHTML', message: 'Use DOM APIs; result data is attacker-controlled.' },
        { property: 'insertAdjacentHTML', message: 'Use DOM APIs; result data is attacker-controlled.' }],
      'no-restricted-globals': ['error', { name: 'eval', message: 'No eval in the webview (CSP forbids it anyway).' }],
    },
  },
  { files: ['test/e2e/**', 'bench/**'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
);
