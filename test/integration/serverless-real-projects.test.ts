// serverless.yml projects as they are written for AWS, run unchanged: TypeScript handlers with
// serverless-esbuild, a layer of the service's own, and a nodejs14.x service using the AWS SDK v2
// that the runtime provides. The loader gives runtime, layers and build; the Lambda runtime honours them.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scanConnectionIds } from '../helpers/stored-connection-ids.js';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/serverless/${name}/serverless.yml`, import.meta.url));
let test: TestEmulator | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

describe('serverless.yml projects, end to end', () => {
  it('${file()} splits resources and custom: the table, the route name and per-stage settings come from the files', async () => {
    test = await startTestEmulator({ serverless: fixture('file-variables') });
    const client = await test.connect();
    const { connectionId } = await test.waitForInvocation({ routeKey: '$connect' });
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, 'split-chat-dev-connections')).toEqual([connectionId]);
    client.send(JSON.stringify({ action: 'sendmessage', text: 'split files' }));
    expect(await client.nextMessage()).toBe('hello (debug): split files');
  });

  it('${file()} with --stage prod reads config.prod.json', async () => {
    test = await startTestEmulator({ serverless: fixture('file-variables'), stage: 'prod' });
    const client = await test.connect();
    const { connectionId } = await test.waitForInvocation({ routeKey: '$connect' });
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, 'split-chat-prod-connections')).toEqual([connectionId]);
    client.send(JSON.stringify({ action: 'sendmessage', text: 'in prod' }));
    expect(await client.nextMessage()).toBe('welcome (warn): in prod');
  });

  it('serverless-esbuild: TypeScript handlers importing TypeScript modules run as written', async () => {
    test = await startTestEmulator({ serverless: fixture('esbuild-typescript') });
    const client = await test.connect();
    await test.waitForInvocation({ routeKey: '$connect' });
    client.send(JSON.stringify({ action: 'message', name: 'ada', text: 'hello!' }));
    expect(await client.nextMessage()).toBe('[ada] HELLO!');
    client.send(JSON.stringify({ action: 'ping' }));
    expect((await test.waitForInvocation({ routeKey: 'ping' })).functionName).toBe('ts-chat-dev-ping');
    await client.close();
  });

  it("a layer of the service's: the handler requires a module from layers/common/nodejs/node_modules", async () => {
    test = await startTestEmulator({ serverless: fixture('layers') });
    const client = await test.connect();
    client.send(JSON.stringify({ action: 'message', name: 'bo', text: 'hi' }));
    expect(await client.nextMessage()).toBe('[bo] hi');
    await client.close();
  });

  it('nodejs14.x: require("aws-sdk") is the SDK v2 the runtime provides, reaching the local DynamoDB and @connections', async () => {
    test = await startTestEmulator({ serverless: fixture('nodejs14-aws-sdk') });
    const ada = await test.connect();
    const adaId = (await test.waitForInvocation({ routeKey: '$connect' })).connectionId;
    expect(await scanConnectionIds(test.emulator.dynamodbEndpoint, 'legacy-chat-dev-connections')).toEqual([adaId]);
    ada.send(JSON.stringify({ action: 'sendmessage', text: 'from v2' }));
    expect(await ada.nextMessage()).toBe('from v2');
    await ada.close();
  });
});
