import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Emulator, type Logger } from '../../src/index.js';
import { connect, open } from '../helpers/ws-client.js';
// @ts-expect-error: plain JS fixture without types
import { calls, reset, waitFor } from '../fixtures/gateway/recorder.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
type Recorded = { name: string; event: Record<string, unknown> & { requestContext: Record<string, unknown> } };
const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});
beforeEach(() => reset());

async function start(identitySources: string[] = ['route.request.header.Authorization'], logger?: Logger) {
  const emulator = new Emulator({
    port: 0,
    root,
    execution: 'inline',
    apiId: 'abc123defg',
    ...(logger === undefined ? {} : { logger }),
    authorizer: { handler: 'auth.handler', identitySources },
    routes: { $connect: 'app.connect', $disconnect: 'app.disconnect', echo: { handler: 'app.message', routeResponse: true } },
  });
  disposers.push(() => emulator.dispose());
  return (await emulator.start()).url;
}

const withToken = { headers: { Authorization: 'Bearer t' } };

describe('a Lambda REQUEST authorizer on $connect', () => {
  it('gets the REQUEST event, and on Allow every later event carries the principal and the context as strings', async () => {
    const url = await start();
    const client = await open(`${url}?mode=allow`, withToken);
    const { event } = (await waitFor((c: Recorded) => c.name === 'authorizer')) as Recorded;
    expect(Object.keys(event)).toEqual([
      'type',
      'methodArn',
      'headers',
      'multiValueHeaders',
      'queryStringParameters',
      'multiValueQueryStringParameters',
      'stageVariables',
      'requestContext',
    ]);
    expect(event).toMatchObject({
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abc123defg/local/$connect',
      queryStringParameters: { mode: 'allow' },
      stageVariables: {},
      headers: { Authorization: 'Bearer t', Connection: 'Upgrade', Upgrade: 'websocket', 'content-length': '0' },
      requestContext: { routeKey: '$connect', eventType: 'CONNECT' },
    });
    const expected = { principalId: 'user-7', userId: 'u-1', admin: 'true', level: '3', integrationLatency: expect.any(Number) };
    const connectEvent = ((await waitFor((c: Recorded) => c.name === '$connect')) as Recorded).event;
    expect(connectEvent.requestContext.authorizer).toEqual(expected);
    client.send({ action: 'echo', respond: 'hi' });
    await client.nextMessage();
    expect(((await waitFor((c: Recorded) => c.name === 'echo')) as Recorded).event.requestContext.authorizer).toEqual(expected);
    client.socket.close();
    expect(((await waitFor((c: Recorded) => c.name === '$disconnect')) as Recorded).event.requestContext.authorizer).toEqual(expected);
  });

  it.each([
    ['wildcard', true, undefined],
    ['other-stage', false, 403],
    ['deny', false, 403],
    ['unauthorized', false, 401],
    ['crash', false, 500],
    ['nested-context', false, 500],
    ['malformed', false, 500],
    ['huge', false, 500],
    ['array-context', false, 500],
  ])('answers mode %s: opened %s, status %s', async (mode, opened, status) => {
    const url = await start();
    const result = await connect(`${url}?mode=${mode}`, withToken);
    expect(result.opened).toBe(opened);
    if (!result.opened) expect(result.status).toBe(status);
    if (!opened) expect(calls().some((c: Recorded) => c.name === '$connect')).toBe(false);
  });

  it.each([
    ['a missing header', ['route.request.header.Authorization'], '?mode=allow', {}],
    ['a missing query parameter', ['route.request.querystring.token'], '?mode=allow', withToken],
  ])('refuses %s with 401 without invoking the authorizer', async (_name, sources, query, options) => {
    const url = await start(sources);
    expect(await connect(url + query, options)).toEqual({ opened: false, status: 401, body: '{"message":"Unauthorized"}' });
    expect(calls()).toEqual([]);
  });

  it('logs "refused by the authorizer" only when it ran; a missing identity source is named', async () => {
    const lines: string[] = [];
    const noop = () => {};
    const url = await start(['route.request.header.Authorization', 'route.request.querystring.token'], {
      debug: noop,
      warn: noop,
      error: noop,
      info: (line) => lines.push(line),
    });
    await connect(`${url}?mode=allow`, withToken);
    await connect(`${url}?mode=deny&token=t`, withToken);
    await connect(`${url}?mode=unauthorized&token=t`, withToken);
    // The connection id ends each line; it is random.
    expect(lines.filter((line) => line.startsWith('CONNECT')).map((line) => line.replace(/ [A-Za-z0-9_=-]+$/, ' <connectionId>'))).toEqual([
      'CONNECT refused 401 (identity source route.request.querystring.token missing; authorizer not invoked) <connectionId>',
      'CONNECT refused by the authorizer 403 <connectionId>',
      'CONNECT refused by the authorizer 401 <connectionId>',
    ]);
    expect(calls().filter((c: Recorded) => c.name === 'authorizer')).toHaveLength(2);
  });
});
