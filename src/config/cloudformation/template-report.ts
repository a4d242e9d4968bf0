import { UnresolvableError } from './intrinsics.js';

/**
 * What a template loader found it could not honour: problems stop the emulator, warnings are
 * printed once. Every entry names the file and the logical id it is about.
 */
export interface TemplateReport {
  readonly problems: string[];
  readonly warnings: string[];
  problem(where: string, message: string): void;
  warn(where: string, message: string): void;
  /** Runs `fn`; an UnresolvableError becomes a problem (or a warning) at `where`, and the result undefined. */
  attempt<T>(where: string, fn: () => T, severity?: 'problem' | 'warning', suffix?: string): T | undefined;
}

export function createTemplateReport(label: string): TemplateReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const add = (list: string[], where: string, message: string) => {
    const line = `${label}: ${where}: ${message}`;
    // "Reported once": the same fact found along two paths (a function used by two routes) is one line.
    if (seen.has(line)) return;
    seen.add(line);
    list.push(line);
  };
  return {
    problems,
    warnings,
    problem: (where, message) => add(problems, where, message),
    warn: (where, message) => add(warnings, where, message),
    attempt(where, fn, severity = 'problem', suffix = '') {
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof UnresolvableError)) throw error;
        add(severity === 'problem' ? problems : warnings, where, error.message + suffix);
        return undefined;
      }
    },
  };
}
