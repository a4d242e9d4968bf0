import { UnresolvableError } from './intrinsics.js';

/** A function a per-function message is about: its logical id (in the line) and its name (in config keys). */
export interface FunctionRef {
  readonly logicalId: string;
  readonly name: string;
}

/**
 * What a template loader found it could not honour: problems stop the emulator, warnings are
 * printed once. Every entry names the file and the logical id it is about.
 */
export interface TemplateReport {
  readonly problems: string[];
  readonly warnings: string[];
  problem(where: string, message: string): void;
  warn(where: string, message: string): void;
  /**
   * A warning about one function that other functions may share word for word (a runtime, a layer
   * outside the template): one line, `file: message (functions A, B, C)`, not one per function.
   * `fix` ends the line and may name the functions' config keys.
   */
  warnFunction(fn: FunctionRef, message: string, fix?: (names: readonly string[]) => string): void;
  /** Runs `fn`; an UnresolvableError becomes a problem (or a warning) at `where`, and the result undefined. */
  attempt<T>(where: string, fn: () => T, severity?: 'problem' | 'warning', suffix?: string): T | undefined;
}

export function createTemplateReport(label: string): TemplateReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const groups = new Map<string, { index: number; functions: FunctionRef[] }>();
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
    warnFunction(fn, message, fix = () => '') {
      const group = groups.get(message) ?? { index: warnings.length, functions: [] };
      if (group.functions.some((known) => known.logicalId === fn.logicalId)) return;
      if (group.functions.length === 0) {
        groups.set(message, group);
        warnings.push('');
      }
      group.functions.push(fn);
      const ids = group.functions.map((known) => known.logicalId);
      const names = group.functions.map((known) => known.name);
      warnings[group.index] = ids.length === 1
        ? `${label}: ${ids[0]}: ${message}${fix(names)}`
        : `${label}: ${message} (functions ${ids.join(', ')})${fix(names)}`;
    },
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
