// Invocation outcomes as the Lambda runtime reports them, for the deciders' tables.
import type { InvocationOutcome } from '../../src/lambda/types.js';

export const REQUEST_ID = '8f8a3c7e-1111-4222-8333-444455556666';

export function succeeded(result: unknown, durationMs = 12.4): InvocationOutcome {
  return { ok: true, result, requestId: REQUEST_ID, durationMs };
}

export function failed(errorType: string, errorMessage: string, timedOut = false): InvocationOutcome {
  return { ok: false, error: { errorType, errorMessage, stack: [] }, timedOut, requestId: REQUEST_ID, durationMs: 3000 };
}
