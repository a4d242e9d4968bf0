import path from 'node:path';
import { UnresolvableError } from '../cloudformation/intrinsics.js';
import type { TemplateReport } from '../cloudformation/template-report.js';
import { VariableError } from './variable-error.js';
import { formatPath, type VariableLocation } from './variable-location.js';

/**
 * The template report for serverless.yml, which can also name a place in a file it includes. A
 * variable reached through another (`${self:custom.table}` in every function) is reported where
 * the failing variable is written, so it is one line however many values use it.
 */
export interface ServerlessReport extends TemplateReport {
  problemAt(location: VariableLocation, message: string): void;
  warnAt(location: VariableLocation, message: string): void;
  /** Reports an UnresolvableError met while reading `where`: at its origin when it has one. */
  fail(error: UnresolvableError, where: string, severity: 'problem' | 'warning', suffix?: string): void;
}

/**
 * `label` names serverless.yml in messages; an included file is named by its path from the
 * service directory joined to the label's directory (`resources/tables.yml` beside `serverless.yml`).
 */
export function createServerlessReport(label: string): ServerlessReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const add = (list: string[], location: VariableLocation, message: string) => {
    const file = location.file === undefined ? label : path.join(path.dirname(label), location.file);
    const where = formatPath(location.path);
    const line = where === '' ? `${file}: ${message}` : `${file}: ${where}: ${message}`;
    // "Reported once": the same fact found along two paths (a function used by two routes) is one line.
    if (seen.has(line)) return;
    seen.add(line);
    list.push(line);
  };
  const here = (where: string): VariableLocation => ({ file: undefined, path: [where] });
  const fail = (error: UnresolvableError, where: string, severity: 'problem' | 'warning', suffix = '') => {
    const list = severity === 'problem' ? problems : warnings;
    const origin = error instanceof VariableError ? error.origin : undefined;
    add(list, origin ?? here(where), error.message + suffix);
  };
  return {
    problems,
    warnings,
    problem: (where, message) => add(problems, here(where), message),
    warn: (where, message) => add(warnings, here(where), message),
    problemAt: (location, message) => add(problems, location, message),
    warnAt: (location, message) => add(warnings, location, message),
    fail,
    // The template loaders' grouped warning; serverless.yml groups its own (runtime-warnings.ts).
    warnFunction: (fn, message, fix = () => '') => add(warnings, here(fn.logicalId), message + fix([fn.name])),
    attempt(where, fn, severity = 'problem', suffix = '') {
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof UnresolvableError)) throw error;
        fail(error, where, severity, suffix);
        return undefined;
      }
    },
  };
}
