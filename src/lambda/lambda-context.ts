/**
 * The `context` object a handler receives, with the fields of the Node.js runtime:
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 */
import type { Context } from 'aws-lambda';
import type { EnvironmentIdentity } from './lambda-environment.js';

/** The completion side of the context: the deprecated `done`/`succeed`/`fail` and the loop flag. */
export interface ContextCompletion {
  done(error?: unknown, result?: unknown): void;
  succeed(result?: unknown): void;
  fail(error?: unknown): void;
  waitsForEmptyEventLoop(): boolean;
  setWaitsForEmptyEventLoop(value: boolean): void;
}

/**
 * Builds the context of one invocation. Like the runtime, every field is a plain own property
 * (handlers spread and log it), `getRemainingTimeInMillis` counts down to the deadline and may go
 * negative, and `callbackWaitsForEmptyEventLoop` is a live accessor (default `true`).
 */
export function createLambdaContext(
  identity: EnvironmentIdentity,
  awsRequestId: string,
  getRemainingTimeInMillis: () => number,
  completion: ContextCompletion,
): Context {
  return {
    get callbackWaitsForEmptyEventLoop() {
      return completion.waitsForEmptyEventLoop();
    },
    set callbackWaitsForEmptyEventLoop(value: boolean) {
      completion.setWaitsForEmptyEventLoop(value);
    },
    succeed: completion.succeed,
    fail: completion.fail,
    done: completion.done,
    functionVersion: identity.functionVersion,
    functionName: identity.functionName,
    memoryLimitInMB: identity.memoryLimitInMB,
    logGroupName: identity.logGroupName,
    logStreamName: identity.logStreamName,
    clientContext: undefined,
    identity: undefined,
    invokedFunctionArn: identity.invokedFunctionArn,
    awsRequestId,
    getRemainingTimeInMillis,
  };
}
