import { describe, expect, it } from 'vitest';
import { invokeHandler, type HandlerSettlement } from '../../../src/lambda/invoke-handler.js';
import type { EnvironmentIdentity } from '../../../src/lambda/lambda-environment.js';
import type { HandlerFunction } from '../../../src/lambda/load-handler.js';

const identity: EnvironmentIdentity = {
  functionName: 'fn',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
  memoryLimitInMB: '128',
  logGroupName: '/aws/lambda/fn',
  logStreamName: '2024/01/01/[$LATEST]00000000000000000000000000000000',
};

/** Invokes with an event loop that "drains" only when the test calls `drain()`. */
function start(handler: HandlerFunction) {
  let drain!: () => void;
  const drained = new Promise<void>((resolve) => {
    drain = resolve;
  });
  const logged: unknown[] = [];
  const settlement = invokeHandler({
    handler,
    event: { n: 1 },
    identity,
    requestId: 'req-1',
    getRemainingTimeInMillis: () => 1234,
    waitForEmptyEventLoop: () => drained,
    logInvokeError: (error) => logged.push(error),
  });
  return { settlement, drain, logged };
}

const json = (value: unknown): HandlerSettlement => ({ ok: true, json: JSON.stringify(value) });

describe('invokeHandler', () => {
  it('answers with what an async handler resolves, as JSON', async () => {
    await expect(start(async (event) => ({ got: event })).settlement).resolves.toEqual(json({ got: { n: 1 } }));
  });

  it('answers null for undefined and JSON-converts values (dates become strings)', async () => {
    await expect(start(async () => undefined).settlement).resolves.toEqual({ ok: true, json: 'null' });
    await expect(start(async () => new Date(0)).settlement).resolves.toEqual(json('1970-01-01T00:00:00.000Z'));
  });

  it('fails with "Unable to stringify response body" for a circular result', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const { settlement, logged } = start(async () => circular);
    await expect(settlement).resolves.toMatchObject({ ok: false, error: { errorType: 'Error', errorMessage: 'Unable to stringify response body' } });
    expect(logged).toHaveLength(1);
  });

  it('fails with a rejection and logs it once as the Invoke Error', async () => {
    const error = new TypeError('nope');
    const { settlement, logged } = start(async () => {
      throw error;
    });
    await expect(settlement).resolves.toEqual({ ok: false, error: { errorType: 'TypeError', errorMessage: 'nope', stack: error.stack?.split('\n') } });
    expect(logged).toEqual([error]);
  });

  it('treats a rejection with nothing as "handled"', async () => {
    await expect(start(() => Promise.reject(undefined)).settlement).resolves.toEqual({
      ok: false,
      error: { errorType: 'string', errorMessage: 'handled', stack: [] },
    });
  });

  it('fails with a synchronous throw', async () => {
    const { settlement } = start(() => {
      throw new RangeError('sync');
    });
    await expect(settlement).resolves.toMatchObject({ ok: false, error: { errorType: 'RangeError', errorMessage: 'sync' } });
  });

  it('fails at once with callback(error), even while the event loop is busy', async () => {
    await expect(start((_e, _c, callback) => callback('plain failure')).settlement).resolves.toEqual({
      ok: false,
      error: { errorType: 'string', errorMessage: 'plain failure', stack: [] },
    });
  });

  it('answers callback(null, result) only once the event loop is empty', async () => {
    const { settlement, drain } = start((_e, _c, callback) => callback(null, 'late'));
    let answered = false;
    void settlement.then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answered).toBe(false);
    drain();
    await expect(settlement).resolves.toEqual(json('late'));
  });

  it('answers the callback at once when callbackWaitsForEmptyEventLoop is false', async () => {
    const handler: HandlerFunction = (_e, context, callback) => {
      (context as { callbackWaitsForEmptyEventLoop: boolean }).callbackWaitsForEmptyEventLoop = false;
      callback(null, 'now');
    };
    await expect(start(handler).settlement).resolves.toEqual(json('now'));
  });

  it('lets the first of callback and promise win', async () => {
    const handler: HandlerFunction = async (_e, context, callback) => {
      (context as { callbackWaitsForEmptyEventLoop: boolean }).callbackWaitsForEmptyEventLoop = false;
      callback(null, 'from callback');
      return 'from promise';
    };
    await expect(start(handler).settlement).resolves.toEqual(json('from callback'));
  });

  it('ignores what a non-async handler returns and answers null when the loop drains', async () => {
    const { settlement, drain } = start(() => 'ignored');
    drain();
    await expect(settlement).resolves.toEqual({ ok: true, json: 'null' });
  });

  it('supports the deprecated context.succeed / fail / done', async () => {
    await expect(start((_e, context) => (context as { succeed(v: unknown): void }).succeed('ok')).settlement).resolves.toEqual(json('ok'));
    await expect(start((_e, context) => (context as { fail(v?: unknown): void }).fail()).settlement).resolves.toMatchObject({
      ok: false,
      error: { errorType: 'string', errorMessage: 'handled' },
    });
    await expect(start((_e, context) => (context as { done(e: unknown, v: unknown): void }).done(null, 'done')).settlement).resolves.toEqual(json('done'));
  });

  it('passes the Lambda context', async () => {
    const { settlement } = start(async (_event, context) => ({
      ...context,
      remaining: (context as { getRemainingTimeInMillis(): number }).getRemainingTimeInMillis(),
    }));
    const result = JSON.parse(((await settlement) as { json: string }).json) as Record<string, unknown>;
    expect(result).toEqual({ ...identity, awsRequestId: 'req-1', callbackWaitsForEmptyEventLoop: true, remaining: 1234 });
  });
});
