import { resolveQuietly } from '../cloudformation/intrinsics.js';
import type { TemplateReport } from '../cloudformation/template-report.js';
import { buildDefaultFunctionName, FUNCTION_NAME_PATTERN } from './serverless-naming.js';
import type { VariableResolver } from './serverless-variables.js';

/**
 * Every function's deployed name: `name`, else `{service}-{stage}-{key}`. A used function's name
 * must be a valid Lambda name (it keys the emulator's functions); for the others the default
 * stands in quietly, as only `!Ref KeyLambdaFunction` can read it.
 */
export function buildFunctionNames(
  resolver: VariableResolver,
  report: TemplateReport,
  functionKeys: readonly string[],
  used: ReadonlyMap<string, string>,
  service: string,
  stage: string,
): Map<string, string | undefined> {
  const names = new Map<string, string | undefined>();
  const owners = new Map<string, string>();
  for (const key of functionKeys) {
    const where = `functions.${key}.name`;
    const isUsed = used.has(key);
    // `?? null`: undefined then only means the attempt failed (and was reported).
    const given = isUsed
      ? report.attempt(where, () => resolver.resolve(['functions', key, 'name']) ?? null)
      : resolveQuietly(() => resolver.resolve(['functions', key, 'name']));
    if (given === undefined && isUsed) {
      names.set(key, undefined);
      continue;
    }
    const isGiven = given !== undefined && given !== null;
    const name = isGiven ? String(given) : buildDefaultFunctionName(service, stage, key);
    if (isUsed && !FUNCTION_NAME_PATTERN.test(name)) {
      const what = isGiven ? JSON.stringify(name) : `the default name ${JSON.stringify(name)} ({service}-{stage}-{key})`;
      report.problem(isGiven ? where : `functions.${key}`, `${what} is not a valid Lambda function name (1 to 64 of A-Z, a-z, 0-9, _ and -)${isGiven ? '' : ': give one with name'}`);
      names.set(key, undefined);
      continue;
    }
    if (isUsed && owners.has(name)) {
      report.problem(where, `${JSON.stringify(name)} is also functions.${owners.get(name)}'s name`);
      names.set(key, undefined);
      continue;
    }
    if (isUsed) owners.set(name, key);
    names.set(key, name);
  }
  return names;
}
