/**
 * Errors as the Lambda Node.js runtime reports them. Mirrors the runtime interface client
 * (aws/aws-lambda-nodejs-runtime-interface-client, `Errors.js`): the error document of a failed
 * invocation and the JSON written after `Invoke Error` in the function's log.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html
 */
import { types } from 'node:util';
import type { InvocationError } from './types.js';

/** The runtime's own error kinds; Lambda shows them as `Runtime.<kind>`. */
export type RuntimeErrorKind =
  | 'ImportModuleError'
  | 'HandlerNotFound'
  | 'MalformedHandlerName'
  | 'UserCodeSyntaxError'
  | 'UnhandledPromiseRejection';

/** An error raised by the runtime itself, named `Runtime.<kind>` as on AWS. */
export class LambdaRuntimeError extends Error {
  constructor(kind: RuntimeErrorKind, message: string) {
    super(message);
    // Not enumerable, as on the runtime's classes (name on the prototype): it stays out of the logged JSON.
    Object.defineProperty(this, 'name', { value: `Runtime.${kind}`, enumerable: false, writable: true, configurable: true });
  }
}

function looksLikeError(value: unknown): value is Error {
  if (types.isNativeError(value)) return true;
  const candidate = value as Partial<Error> | null | undefined;
  return (
    typeof candidate?.name === 'string' &&
    typeof candidate.message === 'string' &&
    typeof candidate.stack === 'string' &&
    candidate.name !== '' &&
    candidate.message !== ''
  );
}

/**
 * The error document Lambda returns for a failed invocation: `errorType` is the error's `name`,
 * `errorMessage` its `message`, the trace its stack lines. Anything else thrown or passed to the
 * callback becomes `{ errorType: typeof value, errorMessage: String(value), trace: [] }`.
 */
export function buildInvocationError(value: unknown): InvocationError {
  try {
    if (looksLikeError(value)) {
      return {
        errorType: value.name,
        errorMessage: value.message,
        stack: typeof value.stack === 'string' ? value.stack.split('\n') : [],
      };
    }
    return { errorType: typeof value, errorMessage: String(value), stack: [] };
  } catch {
    // Same fallback as the runtime when reading name/message/stack itself throws.
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function withEnumerableProperties(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const fields: Record<string, unknown> = {
    errorType: value.name,
    errorMessage: value.message,
    code: (value as { code?: unknown }).code,
    ...value,
  };
  if (typeof value.stack === 'string') fields.stack = value.stack.split('\n');
  return fields;
}

/**
 * The text Lambda logs after `Invoke Error` / `Uncaught Exception`: a tab, then the error as JSON
 * with its enumerable properties. Non-errors are first wrapped in `new Error(value)`, as the
 * runtime's `intoError` does, so a thrown string still logs with a stack.
 */
export function formatErrorForLog(value: unknown): string {
  const error = value instanceof Error ? value : new Error(String(value));
  try {
    return '\t' + JSON.stringify(error, (_key, nested: unknown) => withEnumerableProperties(nested));
  } catch {
    const { stack, ...rest } = buildInvocationError(error);
    return '\t' + JSON.stringify({ ...rest, trace: stack });
  }
}
