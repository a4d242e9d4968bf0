/**
 * The ESM half of install-runtime-modules.ts, registered with `module.register` in each execution
 * environment: when the function's own resolution fails, `/opt/...` paths are tried in its
 * layers, bare packages in its layers' `node_modules` (Node.js 18+ runtimes: older ones resolve
 * ES module imports from layers not at all), then the SDK the runtime ships from our own copy.
 * https://repost.aws/knowledge-center/lambda-import-module-error-nodejs
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isBareSpecifier, isProvidedSdk, mapOptPath, type RuntimeModules } from './runtime-modules.js';

interface ResolveContext {
  parentURL?: string;
  [key: string]: unknown;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<unknown>;

let fallbackParentUrl: string | undefined;
let modules: RuntimeModules | undefined;

/** Receives our package's URL (to resolve the SDK from) and the environment's resolution. */
export function initialize(data: { fallbackParentUrl: string; modules: RuntimeModules }): void {
  fallbackParentUrl = data.fallbackParentUrl;
  modules = data.modules;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<unknown> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || modules === undefined) throw error;
    for (const attempt of buildAttempts(specifier, context, modules)) {
      try {
        return await nextResolve(attempt.specifier, attempt.context);
      } catch {
        // the next place
      }
    }
    throw error; // found nowhere: report the function's own resolution failure
  }
}

function buildAttempts(specifier: string, context: ResolveContext, current: RuntimeModules): Array<{ specifier: string; context: ResolveContext }> {
  const attempts = mapOptPath(specifier, current.optMappings).map((file) => ({ specifier: pathToFileURL(file).href, context }));
  if (!isBareSpecifier(specifier)) return attempts;
  if (current.esmSearchesLayers) {
    // A parent inside the folder makes Node look in its node_modules first.
    for (const dir of current.searchDirs) attempts.push({ specifier, context: { ...context, parentURL: pathToFileURL(path.join(dir, 'noop.mjs')).href } });
  }
  if (fallbackParentUrl !== undefined && isProvidedSdk(specifier, current.sdk)) {
    attempts.push({ specifier, context: { ...context, parentURL: fallbackParentUrl } });
  }
  return attempts;
}
