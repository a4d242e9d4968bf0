/**
 * A module resolution hook (registered with `module.register` in each execution environment) that
 * gives handlers the AWS SDK the Lambda runtime provides. The Node.js 18+ runtimes ship SDK v3
 * (`@aws-sdk/*`, `@smithy/*`) and handlers commonly import it without installing it:
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#nodejs-sdk-included
 * Resolution first runs as usual, so a handler that bundles its own copy keeps it; only when that
 * fails is the specifier resolved again from our own package. `aws-sdk` (v2) is not provided, as on
 * Lambda.
 */
import { isRuntimeSdkSpecifier } from './runtime-sdk-names.js';

interface ResolveContext {
  parentURL?: string;
  [key: string]: unknown;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<unknown>;

let fallbackParentUrl: string | undefined;

/** Receives the URL to resolve from when the handler's own resolution fails. */
export function initialize(data: { fallbackParentUrl: string }): void {
  fallbackParentUrl = data.fallbackParentUrl;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<unknown> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || fallbackParentUrl === undefined || !isRuntimeSdkSpecifier(specifier)) throw error;
    try {
      return await nextResolve(specifier, { ...context, parentURL: fallbackParentUrl });
    } catch {
      throw error; // not in our copy either: report the handler's own resolution failure
    }
  }
}
