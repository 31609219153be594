// Lint rules, and the import boundaries of the house (see DESIGN.md):
// - src-shared imports nothing of ours and no Node built-in (it runs in every process);
// - src-main/core never imports electron, nor the transports or the renderer;
// - src-renderer never imports Node built-ins or src-main.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'src-shared runs in every process: no Node built-ins.' })),
          patterns: [{ group: ['../*', '**/src-main/**', '**/src-renderer/**', '**/src-preload/**', 'electron'], message: 'src-shared imports nothing of ours.' }],
        },
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The core runs in plain Node: no electron import, ever.' }],
          patterns: [
            { group: ['electron/*', '**/electron/*', '**/server/*', '**/cli/*'], message: 'The core never reaches into a transport.' },
            { group: ['**/src-renderer/**', '**/src-preload/**'], message: 'The core never imports the renderer or preload.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a browser: no Node built-ins.' })),
            { name: 'electron', message: 'The renderer talks only to the contract client.' },
          ],
          patterns: [{ group: ['**/src-main/**', '**/src-preload/**'], message: 'The renderer talks only to the contract client.' }],
        },
      ],
    },
  },
);
