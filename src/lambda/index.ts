/** The Lambda part's public surface: the runtime, handler validation and the contract types. */
export {
  createLambdaRuntime,
  DEFAULT_IDLE_ENVIRONMENT_TTL_MS,
  DEFAULT_MAX_ENVIRONMENTS,
  DEFAULT_MAX_ENVIRONMENTS_PER_FUNCTION,
} from './create-lambda-runtime.js';
export type { LambdaRuntimeOptions } from './create-lambda-runtime.js';
export { validateHandler, validateHandlers } from './validate-handler.js';
export type { HandlerToValidate, ValidateHandlerOptions } from './validate-handler.js';
export type { FunctionDefinition, InvocationError, InvocationOutcome, InvokeOptions, LambdaRuntime } from './types.js';
export { findLoadErrorHint } from './load-error-hints.js';
