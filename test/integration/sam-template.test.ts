// A SAM project run unchanged: the template names the routes, functions, stage and table; chat
// goes through real ws clients, the SDK's PostToConnection and the embedded DynamoDB.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scanConnectionIds } from '../helpers/stored-connection-ids.js';
import { startTestEmulator, WebSocketRefusedError, type TestEmulator } from '../../src/testing/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/sam/${name}/`, import.meta.url));
let test: TestEmulator | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

describe('a SAM template, end to end', () => {
  it('chats through the simple-websockets-chat-app shape: table from the template, stage Prod', async () => {
    test = await startTestEmulator({ template: `${fixture('simple-chat')}template.yaml` });
    expect(test.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/Prod$/);
    const alice = await test.connect();
    const aliceId = (await test.waitForInvocation({ routeKey: '$connect' })).connectionId;
    const bob = await test.connect();
    const bobId = (await test.waitForInvocation({ routeKey: '$connect' })).connectionId;
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, 'simplechat_connections')).toEqual([aliceId, bobId].sort());

    alice.send(JSON.stringify({ message: 'sendmessage', data: 'hello from alice' }));
    expect(await alice.nextMessage()).toBe('hello from alice');
    expect(await bob.nextMessage()).toBe('hello from alice');
    const sent = await test.waitForInvocation({ routeKey: 'sendmessage' });
    expect(sent).toMatchObject({ ok: true, result: { statusCode: 200, body: 'Data sent.' } });
    expect(sent.event).toMatchObject({ requestContext: { stage: 'Prod', routeKey: 'sendmessage', eventType: 'MESSAGE' } });

    await bob.close();
    await test.emulator.waitForDisconnect(bobId);
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, 'simplechat_connections')).toEqual([aliceId]);
  });

  it('runs the authorizer, the two-way route and the stage variables a template declares', async () => {
    test = await startTestEmulator({ template: `${fixture('features')}template.yaml`, stackName: 'arena' });
    expect(test.url).toMatch(/\/dev$/);
    // IdentitySource lists a header and a query string: without them, 401 before any function runs.
    const refused = await test.connect().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WebSocketRefusedError);
    expect((refused as WebSocketRefusedError).status).toBe(401);
    const denied = await test.connect({ headers: { Auth: 'wrong' }, query: { token: 'ada' } }).catch((error: unknown) => error);
    expect((denied as WebSocketRefusedError).status).toBe(403);
    const client = await test.connect({ headers: { Auth: 'secret' }, query: { token: 'ada' } });
    const connect = await test.waitForInvocation({ routeKey: '$connect' });
    expect(connect.functionName).toBe('arena-game');
    expect(connect.event).toMatchObject({
      stageVariables: { logLevel: 'debug', firstOrigin: 'https://a.example' },
      requestContext: { stage: 'dev', authorizer: { principalId: 'player', player: 'ada' } },
    });
    client.send('ping');
    expect(await client.nextMessage()).toBe('ping');
    client.send(JSON.stringify({ type: 'move' }));
    const move = await test.waitForInvocation({ routeKey: 'move' });
    expect(move).toMatchObject({ ok: true, result: { statusCode: 200, body: JSON.stringify({ route: 'move', env: 'dev' }) } });
    // One-way route: its body is not sent back.
    await client.expectNoMessage(200);
  });
});
