// A Serverless Framework service run unchanged: routes from `websocket` events, the table from
// resources.Resources, the endpoint from `${WebsocketsApi}`, the stage from `${opt:stage, 'dev'}`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scanConnectionIds } from '../helpers/stored-connection-ids.js';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';

const serverless = fileURLToPath(new URL('../fixtures/serverless/chat/serverless.yml', import.meta.url));
let test: TestEmulator | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

describe('a serverless.yml, end to end', () => {
  it('chats through the service: stage dev, table chat-dev-connections, replies via ${WebsocketsApi}', async () => {
    test = await startTestEmulator({ serverless });
    expect(test.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/dev$/);
    const ada = await test.connect();
    const adaId = (await test.waitForInvocation({ routeKey: '$connect' })).connectionId;
    const bo = await test.connect();
    const boId = (await test.waitForInvocation({ routeKey: '$connect' })).connectionId;
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, 'chat-dev-connections')).toEqual([adaId, boId].sort());

    ada.send(JSON.stringify({ action: 'sendmessage', text: 'hello' }));
    expect(await ada.nextMessage()).toBe('hello');
    expect(await bo.nextMessage()).toBe('hello');
    const sent = await test.waitForInvocation({ routeKey: 'sendmessage' });
    expect(sent.functionName).toBe('chat-dev-sendMessage');
    expect(sent.event).toMatchObject({ requestContext: { stage: 'dev', apiId: test.emulator.options.apiId } });

    bo.send(JSON.stringify({ action: 'dance' }));
    expect(await bo.nextMessage()).toBe('unknown action');

    await bo.close();
    await test.emulator.waitForDisconnect(boId);
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, 'chat-dev-connections')).toEqual([adaId]);
  });

  it('--stage is ${opt:stage}: the URL, the table name and the function names follow it', async () => {
    test = await startTestEmulator({ serverless, stage: 'qa' });
    expect(test.url).toMatch(/\/qa$/);
    const client = await test.connect();
    const connect = await test.waitForInvocation({ routeKey: '$connect' });
    expect(connect.functionName).toBe('chat-qa-connect');
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, 'chat-qa-connections')).toEqual([connect.connectionId]);
    await client.close();
  });
});
