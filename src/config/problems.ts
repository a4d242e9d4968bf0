import { createProblemsError } from '../errors.js';

/** Collects option problems so one error can name them all rather than stop at the first. */
export interface ProblemList {
  add(where: string, problem: string): void;
  /**
   * A problem `Emulator.start()` finds again with the others of its kind (a missing handler file,
   * found with missing exports): reported here only when another problem stops the options anyway.
   */
  defer(where: string, problem: string): void;
  integer(where: string, value: unknown, fallback: number, min: number, max: number): number;
  matching(where: string, value: unknown, fallback: string | undefined, pattern: RegExp, hint: string): string | undefined;
  oneOf<T extends string>(where: string, value: unknown, fallback: T, allowed: readonly T[]): T;
  throwIfAny(): void;
  /** Every problem so far, each as `where: what`. */
  list(): readonly string[];
}

export function createProblemList(): ProblemList {
  const problems: string[] = [];
  const deferred: string[] = [];
  return {
    add(where, problem) {
      problems.push(`${where}: ${problem}`);
    },
    defer(where, problem) {
      deferred.push(`${where}: ${problem}`);
    },
    integer(where, value, fallback, min, max) {
      if (value === undefined) return fallback;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        this.add(where, `${JSON.stringify(value)} is not a whole number from ${min} to ${max}`);
        return fallback;
      }
      return value;
    },
    matching(where, value, fallback, pattern, hint) {
      if (value === undefined) return fallback;
      if (typeof value !== 'string' || !pattern.test(value)) {
        this.add(where, `${JSON.stringify(value)} is not valid: ${hint}`);
        return fallback;
      }
      return value;
    },
    oneOf(where, value, fallback, allowed) {
      if (value === undefined) return fallback;
      if (!allowed.includes(value as never)) {
        this.add(where, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
        return fallback;
      }
      return value as typeof fallback;
    },
    list() {
      // Everything known, deferred problems too (for --print-config, which runs no start()).
      return [...problems, ...deferred];
    },
    throwIfAny() {
      if (problems.length === 0) return;
      throw createProblemsError('ERR_INVALID_OPTIONS', 'Invalid options', [...problems, ...deferred]);
    },
  };
}
