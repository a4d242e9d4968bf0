/**
 * Environment variables Lambda sets itself and refuses in a function's configuration ("The keys
 * for these environment variables are reserved and cannot be set in your function configuration"):
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 * A template or serverless.yml that sets one fails to deploy, so loading it locally fails too.
 * (`--env` may still set them on purpose, e.g. real credentials.)
 */
export const LAMBDA_RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR', 'TZ',
]);

/** The problem to report for a reserved key, worded as Lambda's deploy error names it. */
export function describeReservedKey(key: string): string {
  return `${key} is reserved by Lambda, which refuses to deploy a function that sets it ("Reserved keys used in this request: ${key}"); remove it`;
}
