import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the package by its published names (`apigw-ws-local`, `apigw-ws-local/testing`),
// exactly as a user's test suite does, and so only reach what the package exports. The names
// resolve to the sources (tsconfig.json `paths` says the same to TypeScript), so the fast suite
// runs without a build; test/package checks the built and packed exports themselves.
const alias = [
  { find: /^apigw-ws-local\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) },
  { find: /^apigw-ws-local$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
