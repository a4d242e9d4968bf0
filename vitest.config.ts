import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the package by its published names (`apigw-ws-local`, `apigw-ws-local/testing`),
// exactly as a user's test suite does, and so only reach what the package exports. The names
// resolve to the sources (tsconfig.json `paths` says the same to TypeScript); test/package checks
// the built and packed exports themselves.
const alias = [
  { find: /^apigw-ws-local\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) },
  { find: /^apigw-ws-local$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
];

// One project per kind of test, so a contributor can run the fast ones alone
// (`npm run test:unit`, `npm run test:integration`); `npm test` runs them all.
//   unit         test/unit: no servers, no browser, no build needed
//   integration  test/integration: real servers on port 0, real ws and AWS SDK clients, dynalite
//                (worker-mode handlers run the compiled worker: `npm run build` first)
//   browser      test/browser: the pages in a real Chromium (the bundled one, picked once by
//                test/global-setup.ts so parallel files never unpack it at the same time)
//   package      test/package: the package as published, `npm pack` then `npx` in an empty folder
export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/global-setup.ts'] } },
      { extends: true, test: { name: 'package', include: ['test/package/**/*.test.ts'] } },
    ],
  },
});
