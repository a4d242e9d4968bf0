import { resolveQuietly } from '../cloudformation/intrinsics.js';
import { createDeferredReport } from '../cloudformation/deferred-report.js';
import { parseNodeRuntime } from '../node-runtime.js';
import type { FunctionOptions } from '../options.js';
import { formatLeftOut, LEFT_OUT_WHERE } from '../routeless.js';
import { FUNCTION_NAME_PATTERN } from './serverless-naming.js';
import { buildServerlessFunction, type FunctionContext } from './serverless-functions.js';
import type { ServerlessReport } from './serverless-report.js';
import type { VariableResolver } from './serverless-variables.js';
import { isRecord } from '../../util/is-record.js';

/**
 * Every function of `functions` without a `websocket` event (a broadcaster, a queue consumer, a
 * helper a test calls), built as the routed ones are, so that it can be invoked as on Lambda. One
 * that cannot run here (another runtime, a missing handler file) is left out: no route needs it,
 * so it must not stop the start; one warning names them all.
 */
export function buildRoutelessFunctions(
  functions: Record<string, FunctionOptions>,
  keys: readonly string[],
  names: ReadonlyMap<string, string | undefined>,
  context: Omit<FunctionContext, 'usedBy'>,
): void {
  const { report } = context;
  const taken = new Set(Object.keys(functions));
  const leftOut: { id: string; reason: string }[] = [];
  for (const key of keys) {
    // Names of functions no route uses are not checked by buildFunctionNames: an invalid one is left out here.
    const name = names.get(key) ?? '';
    const reason = findSkipReason(key, name, taken, context.resolver);
    if (reason !== undefined) {
      leftOut.push({ id: key, reason });
      continue;
    }
    const deferred = createDeferredReport<ServerlessReport>(report, ({ problem, later }) => ({
      problemAt: (_location, message) => problem(message),
      warnAt: (location, message) => later(() => report.warnAt(location, message)),
      fail: (error, where, severity, suffix) => (severity === 'problem' ? problem(error.message) : later(() => report.fail(error, where, severity, suffix))),
    }));
    const runtimeWarnings = {
      add: (runtime: string, where: string) => deferred.later(() => context.runtimeWarnings.add(runtime, where)),
      flush: () => undefined,
    };
    const built = buildServerlessFunction(key, name, { ...context, report: deferred.report, runtimeWarnings, usedBy: 'no websocket event' });
    if (built === undefined || deferred.problems.length > 0) {
      context.layers.forget(name);
      leftOut.push({ id: key, reason: deferred.problems[0] ?? 'it cannot be read' });
      continue;
    }
    deferred.commit();
    taken.add(name);
    functions[name] = built;
  }
  if (leftOut.length > 0) report.warn(LEFT_OUT_WHERE, formatLeftOut(leftOut));
}

/** The short reason a function cannot run here, for what is found before building it; undefined when none is. */
function findSkipReason(key: string, name: string, taken: ReadonlySet<string>, resolver: VariableResolver): string | undefined {
  if (!FUNCTION_NAME_PATTERN.test(name)) return `name ${JSON.stringify(name)} is not a valid Lambda function name`;
  if (taken.has(name)) return `name ${name} is another function's`;
  const definition = resolveQuietly(() => resolver.resolveShallow(['functions', key]));
  if (isRecord(definition) && definition.image !== undefined) return 'image';
  const runtime = resolveQuietly(() => resolver.resolve(['functions', key, 'runtime'])) ?? resolveQuietly(() => resolver.resolve(['provider', 'runtime']));
  if (typeof runtime === 'string' && parseNodeRuntime(runtime) === undefined) return `runtime ${runtime}`;
  return undefined;
}
