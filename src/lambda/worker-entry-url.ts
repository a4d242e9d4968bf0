import { resolveCompiledEntry } from '../util/compiled-entry.js';

/** URL of the compiled worker-entry.js (see compiled-entry.ts); throws with the fix when it has not been built. */
export function resolveWorkerEntry(moduleUrl: string = import.meta.url): URL {
  return resolveCompiledEntry(moduleUrl, 'lambda', 'worker-entry.js', 'Lambda worker entry');
}
