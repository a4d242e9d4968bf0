import type { TemplateReport } from '../cloudformation/template-report.js';

/**
 * Runtimes that name another Node.js major than this machine's, gathered over every function so
 * that a runtime set on each function is one line naming them all, not one line per function.
 */
export interface RuntimeWarnings {
  /** `runtime` was read at `where` (`provider.runtime`, `functions.connect.runtime`). */
  add(runtime: string, where: string): void;
  /** One warning per runtime, naming every place it is set. */
  flush(report: TemplateReport): void;
}

export function createRuntimeWarnings(): RuntimeWarnings {
  const places = new Map<string, Set<string>>();
  return {
    add(runtime, where) {
      const set = places.get(runtime) ?? new Set<string>();
      set.add(where);
      places.set(runtime, set);
    },
    flush(report) {
      for (const [runtime, where] of places) report.warn([...where].join(', '), `${runtime} runs on this machine's Node.js ${process.versions.node}`);
    },
  };
}
