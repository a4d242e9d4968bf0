/**
 * Where a compiled worker entry lives. From dist/ it sits next to the module asking. When that
 * module runs from its TypeScript source (vitest runs src/ directly), there is no compiled sibling,
 * so the build output in dist/ is used: the test script runs `npm run build` before vitest, and
 * tests of workers therefore exercise the compiled worker (rebuild after changing it).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * URL of `folder/file` (e.g. `lambda/worker-entry.js`) for a module in `src/folder/` or
 * `dist/folder/`; throws with the fix when it has not been built. `what` names it in that error.
 */
export function resolveCompiledEntry(moduleUrl: string, folder: string, file: string, what: string): URL {
  const entry = moduleUrl.endsWith('.ts') ? new URL(`../../dist/${folder}/${file}`, moduleUrl) : new URL(`./${file}`, moduleUrl);
  if (!existsSync(fileURLToPath(entry))) {
    throw new Error(`${what} not found at ${fileURLToPath(entry)}: run "npm run build" first (the worker runs compiled).`);
  }
  return entry;
}
