/**
 * Where the compiled worker entry lives. From dist/ it sits next to this file. When this module
 * runs from its TypeScript source (vitest runs src/ directly), there is no compiled sibling, so we
 * use the build output in dist/lambda/: the test script runs `npm run build` before vitest, and
 * tests of worker mode therefore exercise the compiled worker (rebuild after changing it).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** URL of worker-entry.js; throws with the fix when it has not been built. */
export function resolveWorkerEntry(moduleUrl: string = import.meta.url): URL {
  const entry = moduleUrl.endsWith('.ts')
    ? new URL('../../dist/lambda/worker-entry.js', moduleUrl)
    : new URL('./worker-entry.js', moduleUrl);
  if (!existsSync(fileURLToPath(entry))) {
    throw new Error(`Lambda worker entry not found at ${fileURLToPath(entry)}: run "npm run build" first (worker mode runs the compiled worker).`);
  }
  return entry;
}
