/** Two top-level sections of a template: the transforms it asks for and SAM's `Globals.Function`. */
import { isRecord } from '../../util/is-record.js';
import type { TemplateReport } from './template-report.js';

/** Only SAM's transform is understood; another is named in a warning (the template is read as written). */
export function checkTransforms(transform: unknown, report: TemplateReport): void {
  const names = (Array.isArray(transform) ? transform : transform === undefined ? [] : [transform])
    .map((item) => (isRecord(item) ? String(item.Name) : String(item)));
  for (const name of names) {
    if (name !== 'AWS::Serverless-2016-10-31') report.warn('Transform', `${name} is not applied locally: the template is read as written`);
  }
}

/** SAM's `Globals.Function`: defaults every function of the template inherits. */
export function readGlobals(globals: unknown): Record<string, unknown> {
  return isRecord(globals) && isRecord(globals.Function) ? globals.Function : {};
}
