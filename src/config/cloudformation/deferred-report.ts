import { UnresolvableError } from './intrinsics.js';
import type { TemplateReport } from './template-report.js';

/**
 * A report for a function that no route uses: its problems do not stop the start (the function is
 * left out instead), so they stay here; its warnings reach the file's report only if it is kept.
 */
export interface DeferredReport<R extends TemplateReport> {
  /** The report to give the function's builder. */
  readonly report: R;
  /** The problems found, each as written (without the file and where it is). */
  readonly problems: readonly string[];
  /** Runs `fn` on commit: for what the builder tells others than the report (runtime warnings). */
  later(fn: () => void): void;
  /** Passes the warnings on to the file's report (the function is kept). */
  commit(): void;
}

/** The TemplateReport part of a deferred report; `extend` adds a loader's own methods to it. */
export function createDeferredReport<R extends TemplateReport>(main: R, extend: (parts: DeferredParts) => Omit<R, keyof TemplateReport>): DeferredReport<R> {
  const problems: string[] = [];
  const pending: (() => void)[] = [];
  const later = (fn: () => void) => pending.push(fn);
  const problem = (message: string) => problems.push(message);
  const base: TemplateReport = {
    problems: [],
    warnings: [],
    problem: (_where, message) => problem(message),
    warn: (where, message) => later(() => main.warn(where, message)),
    warnFunction: (fn, message, fix) => later(() => main.warnFunction(fn, message, fix)),
    attempt(where, fn, severity = 'problem', suffix = '') {
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof UnresolvableError)) throw error;
        if (severity === 'problem') problem(error.message);
        // The file's own report places it (serverless.yml names where a variable is written).
        else later(() => main.attempt(where, () => { throw error; }, 'warning', suffix));
        return undefined;
      }
    },
  };
  const report = { ...base, ...extend({ problem, later }) } as R;
  return {
    report,
    problems,
    later,
    commit: () => {
      for (const fn of pending.splice(0)) fn();
    },
  };
}

/** What a loader's extension of a deferred report uses: keep a problem, or pass a warning on later. */
export interface DeferredParts {
  problem(message: string): void;
  later(fn: () => void): void;
}
