import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Emulator, type InvocationRecord } from 'apigw-ws-local';
import { connectTestClient, WebSocketRefusedError } from 'apigw-ws-local/testing';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
type Event = Record<string, unknown> & { requestContext: Record<string, unknown> };
const eventOf = (record: InvocationRecord) => record.event as Event;
const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});

/**
 * An emulator with the authorizer on $connect, recording invocations, the info lines and the
 * functions' output. The authorizer is no route, so it is not in the invocation log: its START
 * lines count its invocations, and it logs the event it got.
 */
async function start(identitySources: string[] = ['route.request.header.Authorization']) {
  const infoLines: string[] = [];
  const functionLines: string[] = [];
  const noop = () => {};
  const emulator = new Emulator({
    port: 0,
    root,
    execution: 'inline',
    recordInvocations: true,
    apiId: 'abc123defg',
    logger: { debug: noop, warn: noop, error: noop, info: (line) => infoLines.push(line), handler: (line) => functionLines.push(line) },
    authorizer: { handler: 'auth.handler', identitySources },
    routes: { $connect: 'app.connect', $disconnect: 'app.disconnect', echo: { handler: 'app.message', routeResponse: true } },
  });
  disposers.push(() => emulator.dispose());
  const { url } = await emulator.start();
  return {
    emulator,
    url,
    infoLines,
    functionLines,
    /** How many times the authorizer was invoked. */
    authorizerRuns: () => functionLines.filter((line) => line.startsWith('[auth-handler] START RequestId: ')).length,
    /** The events the authorizer got, in order. */
    authorizerEvents: () =>
      functionLines.flatMap((line) => {
        const json = /^\[auth-handler\] \S+\t\S+\tINFO\tauthorizer event (.*)$/.exec(line)?.[1];
        return json === undefined ? [] : [JSON.parse(json) as Event];
      }),
  };
}

const withToken = { headers: { Authorization: 'Bearer t' } };

describe('a Lambda REQUEST authorizer on $connect', () => {
  it('gets the REQUEST event, and on Allow every later event carries the principal and the context as strings', async () => {
    const { url, emulator, authorizerEvents } = await start();
    const client = await connectTestClient(`${url}?mode=allow`, withToken);
    expect(authorizerEvents()).toHaveLength(1);
    const event = authorizerEvents()[0] as Event;
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
    const connect = await emulator.waitForInvocation({ routeKey: '$connect' });
    expect(eventOf(connect).requestContext.authorizer).toEqual(expected);
    client.send({ action: 'echo', respond: 'hi' });
    await client.nextMessage();
    expect(eventOf(await emulator.waitForInvocation({ routeKey: 'echo' })).requestContext.authorizer).toEqual(expected);
    await client.close();
    expect(eventOf(await emulator.waitForDisconnect(connect.connectionId)).requestContext.authorizer).toEqual(expected);
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
    const { url, functionLines } = await start();
    const result = await connectTestClient(`${url}?mode=${mode}`, withToken).then(
      () => ({ opened: true }),
      (error: unknown) => ({ opened: false, error }),
    );
    expect(result.opened).toBe(opened);
    if (!opened) expect(result).toEqual({ opened: false, error: expect.objectContaining({ name: 'WebSocketRefusedError', status }) });
    // $connect runs only after an Allow.
    expect(functionLines.some((line) => line.startsWith('[app-connect] START RequestId: '))).toBe(opened);
  });

  it.each([
    ['a missing header', ['route.request.header.Authorization'], '?mode=allow', {}],
    ['a missing query parameter', ['route.request.querystring.token'], '?mode=allow', withToken],
  ])('refuses %s with 401 without invoking the authorizer', async (_name, sources, query, options) => {
    const { url, emulator, functionLines } = await start(sources);
    await expect(connectTestClient(url + query, options)).rejects.toEqual(new WebSocketRefusedError(401, '{"message":"Unauthorized"}'));
    expect(functionLines).toEqual([]);
    expect(emulator.invocations).toEqual([]);
  });

  it('logs "refused by the authorizer" only when it ran; a missing identity source is named', async () => {
    const { url, infoLines: lines, authorizerRuns } = await start(['route.request.header.Authorization', 'route.request.querystring.token']);
    const refusal = (query: string) => connectTestClient(`${url}?${query}`, withToken).catch((error: unknown) => (error as WebSocketRefusedError).status);
    expect(await refusal('mode=allow')).toBe(401);
    expect(await refusal('mode=deny&token=t')).toBe(403);
    expect(await refusal('mode=unauthorized&token=t')).toBe(401);
    // The connection id ends each line; it is random.
    expect(lines.filter((line) => line.startsWith('CONNECT')).map((line) => line.replace(/ [A-Za-z0-9_=-]+$/, ' <connectionId>'))).toEqual([
      'CONNECT refused 401 (identity source route.request.querystring.token missing; authorizer not invoked) <connectionId>',
      'CONNECT refused by the authorizer 403 <connectionId>',
      'CONNECT refused by the authorizer 401 <connectionId>',
    ]);
    expect(authorizerRuns()).toBe(2);
  });
});
