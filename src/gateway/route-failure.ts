import { findLoadErrorHint } from '../lambda/load-error-hints.js';
import type { InvocationError } from '../lambda/types.js';

/** The log line of a failed route invocation, with a hint when the error is a known load problem. */
export function formatRouteFailure(routeKey: string, connectionId: string, error: InvocationError): string {
  const hint = findLoadErrorHint(error.errorMessage);
  return `route ${routeKey} failed for connection ${connectionId}: ${error.errorType}: ${error.errorMessage}${hint ? ` (hint: ${hint})` : ''}`;
}
