import type { ResolvedOptions } from './resolve-options.js';

/**
 * How a function no route uses is named when it cannot run here and is left out: one line for all
 * of them, `ID (why), ID (why)`, so a project full of other runtimes' functions is not one line each.
 */
export const LEFT_OUT_WHERE = 'functions without a route left out (not invocable)';

/** `Resize (runtime python3.12), Worker (CodeUri ./missing not found)`. */
export function formatLeftOut(entries: readonly { readonly id: string; readonly reason: string }[]): string {
  return entries.map((entry) => `${entry.id} (${entry.reason})`).join(', ');
}

/** `route $connect`, `the authorizer`: what invokes a function besides Invoke; empty for a function no route uses. */
export function describeFunctionUses(options: Pick<ResolvedOptions, 'routes' | 'authorizer'>, name: string): string[] {
  const uses = options.routes.filter((route) => route.functionName === name).map((route) => `route ${route.key}`);
  if (options.authorizer?.functionName === name) uses.push('the authorizer');
  return uses;
}
