/**
 * What an execution environment knows about itself: the environment variables Lambda defines,
 * and the names they carry (ARN, log group, log stream).
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
import { randomBytes } from 'node:crypto';
import type { FunctionDefinition } from './types.js';

/** The runtime identifier Lambda puts in `AWS_EXECUTION_ENV` when a function names none. */
export const EXECUTION_ENV = 'AWS_Lambda_nodejs20.x';
/** We always run the unpublished version. */
export const FUNCTION_VERSION = '$LATEST';

/** Account-level settings every function shares. */
export interface AccountSettings {
  /** AWS Region, e.g. `us-east-1`. */
  readonly region: string;
  /** 12-digit account id, e.g. `123456789012`. */
  readonly accountId: string;
}

/** The fixed facts of one execution environment, as the context object exposes them. */
export interface EnvironmentIdentity {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  /** A string, as Lambda gives it (it comes from an environment variable). */
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** `YYYY/MM/DD/[$LATEST]` and 32 hex digits: one log stream per execution environment. */
export function buildLogStreamName(now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${FUNCTION_VERSION}]${randomBytes(16).toString('hex')}`;
}

/** Identity of a new execution environment of `fn`. */
export function buildEnvironmentIdentity(fn: FunctionDefinition, account: AccountSettings, now: number): EnvironmentIdentity {
  return {
    functionName: fn.name,
    functionVersion: FUNCTION_VERSION,
    invokedFunctionArn: `arn:aws:lambda:${account.region}:${account.accountId}:function:${fn.name}`,
    memoryLimitInMB: String(fn.memorySizeMb),
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: buildLogStreamName(now),
  };
}

/**
 * The environment a function's code sees: Lambda's reserved variables, then the runtime-wide
 * `extra` variables (endpoints, fake credentials), then the function's own (which win). The host's
 * environment is NOT inherited, so a developer's real AWS credentials or profile never reach
 * handler code; only `PATH` is kept, so child processes still work.
 */
export function buildLambdaEnvironment(
  fn: FunctionDefinition,
  identity: EnvironmentIdentity,
  account: AccountSettings,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const lambdaDefined: Record<string, string> = {
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: identity.functionVersion,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: identity.memoryLimitInMB,
    AWS_LAMBDA_LOG_GROUP_NAME: identity.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: identity.logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: account.region,
    AWS_DEFAULT_REGION: account.region,
    AWS_EXECUTION_ENV: fn.runtime === undefined ? EXECUTION_ENV : `AWS_Lambda_${fn.runtime}`,
    LAMBDA_TASK_ROOT: fn.root,
    _HANDLER: fn.handler,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  };
  return { ...lambdaDefined, ...extra, ...fn.environment };
}
