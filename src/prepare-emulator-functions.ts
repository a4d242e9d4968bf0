import { buildHandlerEnvironment } from './config/handler-environment.js';
import type { ResolvedOptions } from './config/resolve-options.js';
import { createProblemsError } from './errors.js';
import { prepareFunctions } from './lambda/prepare-functions.js';
import type { FunctionDefinition } from './lambda/types.js';

/**
 * Builds TypeScript functions and checks every handler before a port opens: one error names
 * every handler that cannot run at all; a module that fails while loading is a warning naming
 * what it serves (see lambda/prepare-functions.ts).
 */
export async function prepareEmulatorFunctions(options: ResolvedOptions): Promise<readonly FunctionDefinition[]> {
  const prepared = await prepareFunctions(options.functions, { environmentOf: buildProbeEnvironmentOf(options) });
  const { built, cached } = prepared.builds;
  if (built + cached > 0) options.logger.info(`TypeScript: ${built} built, ${cached} from the cache`);
  const errors: string[] = [];
  for (const [name, problem] of prepared.problems) {
    if (problem.kind === 'start') errors.push(`${name}: ${problem.message}`);
    else options.logger.warn(`${describeUse(options, name)} cannot load: ${problem.message}; its invocations fail as on Lambda`);
  }
  if (errors.length > 0) throw createProblemsError('ERR_HANDLER_NOT_FOUND', 'Invalid handlers', errors);
  return prepared.functions;
}

/** Each function's `process.env` while its module loads in the probe worker. */
export function buildProbeEnvironmentOf(options: ResolvedOptions): (fn: FunctionDefinition) => Record<string, string> {
  // Modules see the variables they will have at run time while they load (the port is not known
  // yet with port 0; nothing sensible reads it at load).
  const base = buildHandlerEnvironment(options, `http://${options.host}:${options.port}/${options.stage}`);
  return (fn) => ({ ...base, AWS_REGION: options.region, AWS_DEFAULT_REGION: options.region, AWS_LAMBDA_FUNCTION_NAME: fn.name, ...fn.environment });
}

/** `function Fn (route $connect, route sendmessage)`: what a function serves, for messages. */
export function describeUse(options: ResolvedOptions, name: string): string {
  const uses = options.routes.filter((route) => route.functionName === name).map((route) => `route ${route.key}`);
  if (options.authorizer?.functionName === name) uses.push('the authorizer');
  return uses.length === 0 ? `function ${name}` : `function ${name} (${uses.join(', ')})`;
}
