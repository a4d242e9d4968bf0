// Lint rules, including the project's dependency rules ("who may import whom"), so the architecture
// is enforced rather than wished for.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

/** A line holding a string or template literal of 80 characters or more: breaking it would hurt grepping. */
const LONG_LITERAL = "'[^'\\n]{80,}'|\"[^\"\\n]{80,}\"|`[^`\\n]{80,}`";

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench-work/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        setImmediate: 'readonly', queueMicrotask: 'readonly', performance: 'readonly',
        structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // A line limit instead of a formatter: reformatting every file at once would collide with every
    // branch in flight. 160 columns; a long string, template, URL or regular expression may run over,
    // as breaking it would hurt reading or grepping more than the width does.
    files: ['src/**/*.ts', 'test/**/*.ts'],
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/max-len': ['error', { code: 160, ignoreUrls: true, ignoreRegExpLiterals: true, ignorePattern: LONG_LITERAL }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // The chat room page runs in browsers, as a classic script.
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', location: 'readonly', WebSocket: 'readonly', URLSearchParams: 'readonly', EventSource: 'readonly' },
    },
  },
  { files: ['src/util/**', 'src/errors.ts', 'src/log/**'], rules: restrict([{ group: ['../*', '!../util/*', '!../errors.js', '!../log/*'], message: 'util, errors and log import nothing else of ours.' }]) },
  { files: ['src/gateway/**'], rules: restrict([{ group: ['express', '../management/*', '!../management/types.js', '../inspector/*'], message: 'gateway never imports express, management (only its types) or the inspector.' }]) },
  { files: ['src/management/**'], rules: restrict([{ group: ['ws', '../lambda/*', '../gateway/*', '../inspector/*'], message: 'management never imports ws, lambda, gateway or the inspector.' }]) },
  { files: ['src/lambda/**'], rules: restrict([{ group: ['ws', 'express', '../gateway/*', '../management/*', '../inspector/*'], message: 'lambda knows nothing of the gateway, the management API or the inspector.' }]) },
  {
    files: ['src/inspector/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['../gateway/*', '../lambda/*', '../management/*'], allowTypeImports: true, message: 'the inspector gets what it acts on injected (wire-inspector.ts); it imports only their types.' }] }] },
  },
  { files: ['src/cli/**'], rules: restrict([{ group: ['../*', '!../index.js'], message: 'the CLI imports only the public surface (src/index.ts).' }]) },
  { files: ['handlers/**'], rules: restrict([{ group: ['../src/*', '../dist/*', '../../src/*'], message: 'handlers import only the AWS SDK, so they deploy to AWS unchanged.' }]) },
);
