import { buildHandlerEnvironment } from './config/handler-environment.js';
import type { ResolvedOptions } from './config/resolve-options.js';
import { describeFunctionUses, formatLeftOut, LEFT_OUT_WHERE } from './config/routeless.js';
import { createProblemsError } from './errors.js';
import { prepareFunctions } from './lambda/prepare-functions.js';
import type { FunctionDefinition } from './lambda/types.js';

/**
 * Builds TypeScript functions and checks every handler before a port opens: one error names
 * every routed handler that cannot run at all; a module that fails while loading is a warning
 * naming what it serves (see lambda/prepare-functions.ts). A function no route uses never stops the
 * start: one that cannot run is left out, named in one warning with the others.
 */
export async function prepareEmulatorFunctions(options: ResolvedOptions): Promise<readonly FunctionDefinition[]> {
  const prepared = await prepareFunctions(options.functions, { environmentOf: buildProbeEnvironmentOf(options) });
  const { built, cached } = prepared.builds;
  if (built + cached > 0) options.logger.info(`TypeScript: ${built} built, ${cached} from the cache`);
  const errors: string[] = [];
  const leftOut: { id: string; reason: string }[] = [];
  for (const [name, problem] of prepared.problems) {
    const uses = describeFunctionUses(options, name);
    if (problem.kind === 'start' && uses.length === 0) leftOut.push({ id: name, reason: problem.message });
    else if (problem.kind === 'start') errors.push(`${name}: ${problem.message}`);
    else
      options.logger.warn(
        `function ${name}${uses.length === 0 ? '' : ` (${uses.join(', ')})`} cannot load: ${problem.message}; its invocations fail as on Lambda`,
      );
  }
  if (errors.length > 0) throw createProblemsError('ERR_HANDLER_NOT_FOUND', 'Invalid handlers', errors);
  if (leftOut.length > 0) options.logger.warn(`${LEFT_OUT_WHERE}: ${formatLeftOut(leftOut)}`);
  const functions = prepared.functions.filter((fn) => !leftOut.some((entry) => entry.id === fn.name));
  const routeless = functions.filter((fn) => describeFunctionUses(options, fn.name).length === 0).map((fn) => fn.name);
  if (routeless.length > 0) options.logger.info(`functions without a route (invoke them): ${routeless.join(', ')}`);
  return functions;
}

/** Each function's `process.env` while its module loads in the probe worker. */
export function buildProbeEnvironmentOf(options: ResolvedOptions): (fn: FunctionDefinition) => Record<string, string> {
  // Modules see the variables they will have at run time while they load (the port is not known
  // yet with port 0; nothing sensible reads it at load).
  const base = buildHandlerEnvironment(options, `http://${options.host}:${options.port}/${options.stage}`);
  return (fn) => ({ ...base, AWS_REGION: options.region, AWS_DEFAULT_REGION: options.region, AWS_LAMBDA_FUNCTION_NAME: fn.name, ...fn.environment });
}
