/**
 * Before a port opens: builds every TypeScript function (once per entry and settings, even when
 * several functions share it) and checks every handler in a probe worker. What Lambda would refuse
 * on every call for a configuration reason (no file, no export) stops the start; a module that
 * fails while loading only fails its invocations on AWS, so here it is a warning and its
 * invocations fail the same way (`Runtime.ImportModuleError`, `Runtime.UserCodeSyntaxError`).
 */
import { buildRuntimeModules } from './runtime-modules.js';
import type { FunctionDefinition } from './types.js';
import { buildTypeScript, type BuildResult } from './typescript/build-typescript.js';
import { validateHandlers, type HandlerProblem } from './validate-handler.js';

/** The functions ready to run, and what is wrong with them. */
export interface PreparedFunctions {
  /** The functions, a TypeScript function's with its built module (or build error). */
  readonly functions: readonly FunctionDefinition[];
  /** Per function name, why it cannot run: `start` problems stop the start, `load` ones are warnings. */
  readonly problems: ReadonlyMap<string, HandlerProblem>;
  /** How many TypeScript builds ran and how many came from the cache. */
  readonly builds: { readonly built: number; readonly cached: number };
}

export interface PrepareOptions {
  /** Each function's `process.env` while its module loads in the probe. */
  readonly environmentOf: (fn: FunctionDefinition) => Readonly<Record<string, string>>;
}

export async function prepareFunctions(functions: readonly FunctionDefinition[], options: PrepareOptions): Promise<PreparedFunctions> {
  const builds = new Map<string, Promise<BuildResult>>();
  const prepared = await Promise.all(
    functions.map(async (fn): Promise<FunctionDefinition> => {
      if (fn.build === undefined) return fn;
      const key = JSON.stringify(fn.build);
      const pending = builds.get(key) ?? buildTypeScript(fn.build);
      builds.set(key, pending);
      const result = await pending;
      return result.ok ? { ...fn, moduleFile: result.moduleFile } : { ...fn, buildError: result.error };
    }),
  );
  const results = await Promise.all(builds.values());
  const cached = results.filter((result) => result.ok && result.cached).length;
  const checked = await validateHandlers(
    prepared.map((fn) => ({
      root: fn.root,
      handler: fn.handler,
      environment: options.environmentOf(fn),
      prepared: { ...(fn.moduleFile ? { moduleFile: fn.moduleFile } : {}), ...(fn.buildError === undefined ? {} : { buildError: fn.buildError }) },
      modules: buildRuntimeModules(fn),
    })),
  );
  const problems = new Map<string, HandlerProblem>();
  for (const [index, problem] of checked.entries()) {
    const fn = prepared[index];
    if (problem !== undefined && fn !== undefined) problems.set(fn.name, problem);
  }
  return { functions: prepared, problems, builds: { built: results.length - cached, cached } };
}
