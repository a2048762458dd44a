// Import boundaries, checked by `npm run lint` (and tests/contracts/import-boundaries.test.ts):
// - plugins (packages/*, official-plugins/*, examples/*) import only @bacon/sdk and contract packages
//   (@bacon/*-contract), plus ordinary npm libraries;
// - the host imports no plugin, console or widget; the SDK imports nothing of Bacon's (no host);
// - @bacon/testing (the host-backed test kit) is the one package that imports both;
// - a relative import never leaves its workspace: tests/ reaches the code by package name.
import tseslint from 'typescript-eslint';
import { noRelativeEscape } from './eslint-rules/no-relative-escape.js';
import { noJsxLiteralText } from './eslint-rules/no-jsx-literal-text.js';

const bacon = { rules: { 'no-relative-escape': noRelativeEscape, 'no-jsx-literal-text': noJsxLiteralText } };

const restrict = (message, group) => ['error', { patterns: [{ group, message }] }];
const PLUGIN_FILES = [
  'packages/*/src/**',
  'packages/*/migrations/**',
  'official-plugins/*/src/**',
  'official-plugins/*/migrations/**',
  'examples/*/src/**',
];

export default [
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/.bacon/**', 'docs/**', 'tests/contracts/fixtures/**'],
  },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { bacon },
    rules: { 'bacon/no-relative-escape': 'error' },
  },
  {
    files: PLUGIN_FILES,
    rules: {
      'no-restricted-imports': restrict('A plugin imports only @bacon/sdk and contract packages (@bacon/*-contract).', [
        '@bacon/*',
        '!@bacon/sdk',
        '!@bacon/*-contract',
        'bacon-plugin-*',
      ]),
    },
  },
  // The console's text comes from its message catalog (docs/development.md#translations).
  {
    files: ['packages/console/src/**/*.tsx'],
    rules: { 'bacon/no-jsx-literal-text': 'error' },
  },
  {
    files: ['host/**'],
    rules: {
      'no-restricted-imports': restrict('The host imports no plugin, console, widget or contract: they register with it.', [
        '@bacon/*',
        '!@bacon/sdk',
        '!@bacon/host',
        '@bacon/host/*',
        '!@bacon/host/testing',
        'bacon-plugin-*',
      ]),
    },
  },
  {
    files: ['sdk/**'],
    rules: {
      'no-restricted-imports': restrict('The SDK imports nothing of Bacon (never the host); the host-backed test kit is @bacon/testing.', [
        '@bacon/*',
        '!@bacon/sdk',
        'bacon-plugin-*',
      ]),
    },
  },
  {
    files: ['testing/**'],
    rules: {
      'no-restricted-imports': restrict('@bacon/testing builds on @bacon/sdk and @bacon/host/testing only.', [
        '@bacon/*',
        '!@bacon/sdk',
        '!@bacon/host',
        '@bacon/host/*',
        '!@bacon/host/testing',
        'bacon-plugin-*',
      ]),
    },
  },
];
