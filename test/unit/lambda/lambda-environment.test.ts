import { describe, expect, it } from 'vitest';
import { buildEnvironmentIdentity, buildLambdaEnvironment, buildLogStreamName } from '../../../src/lambda/lambda-environment.js';
import type { FunctionDefinition } from '../../../src/lambda/types.js';

const fn: FunctionDefinition = {
  name: 'chat-send',
  handler: 'handlers/chat.onMessage',
  root: '/app',
  timeoutMs: 3000,
  memorySizeMb: 256,
  environment: { TABLE_NAME: 'messages', SHARED: 'from the function' },
};
const account = { region: 'eu-west-1', accountId: '111122223333' };
const now = Date.UTC(2024, 6, 4, 12);

describe('buildEnvironmentIdentity', () => {
  it('names the function, its ARN, log group and a log stream of this environment', () => {
    const identity = buildEnvironmentIdentity(fn, account, now);
    expect(identity).toEqual({
      functionName: 'chat-send',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:chat-send',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/chat-send',
      logStreamName: expect.stringMatching(/^2024\/07\/04\/\[\$LATEST\][0-9a-f]{32}$/),
    });
  });

  it('gives every environment a log stream of its own', () => {
    expect(buildLogStreamName(now)).not.toBe(buildLogStreamName(now));
  });
});

describe('buildLambdaEnvironment', () => {
  it("sets Lambda's variables, then the runtime-wide ones, then the function's own (which win)", () => {
    const identity = buildEnvironmentIdentity(fn, account, now);
    const env = buildLambdaEnvironment(fn, identity, account, { SHARED: 'from the runtime', AWS_ACCESS_KEY_ID: 'local' });
    expect(env).toEqual({
      AWS_LAMBDA_FUNCTION_NAME: 'chat-send',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/chat-send',
      AWS_LAMBDA_LOG_STREAM_NAME: identity.logStreamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      LAMBDA_TASK_ROOT: '/app',
      _HANDLER: 'handlers/chat.onMessage',
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      PATH: process.env.PATH,
      AWS_ACCESS_KEY_ID: 'local',
      TABLE_NAME: 'messages',
      SHARED: 'from the function',
    });
  });
});
