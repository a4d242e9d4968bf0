import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
let test: TestEmulator | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

async function start() {
  test = await startTestEmulator({
    root,
    routes: { $connect: 'logged.handler', $disconnect: 'logged.handler', $default: { handler: 'logged.handler', routeResponse: true } },
  });
  const client = await test.connect();
  const { connectionId } = await test.waitForInvocation({ routeKey: '$connect' });
  const sdk = new ApiGatewayManagementApiClient({
    endpoint: test.managementEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  });
  return { test, client, connectionId, sdk };
}

describe('fault injection', () => {
  it('drops the next $disconnect, as AWS may', async () => {
    const { test, client, connectionId } = await start();
    test.emulator.faults.dropNextDisconnect(connectionId);
    await client.close(1000, 'bye');
    const error = await test.emulator.waitForDisconnect(connectionId, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^no invocation matching \{"routeKey":"\$disconnect","connectionId":"[A-Za-z0-9_-]{15}="\} within 300 ms/);
  });

  it('makes a connection stale: @connections answers 410 while the socket stays open', async () => {
    const { test, client, connectionId, sdk } = await start();
    test.emulator.faults.makeStale(connectionId);
    const error = await sdk.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })).catch((e: unknown) => e);
    expect((error as Error).name).toBe('GoneException');
    client.send('still here');
    expect(await client.nextMessage()).toBe('ok still here');
    expect(test.emulator.listConnections()).toEqual([]);
  });

  it('throttles @connections with 429 LimitExceededException for a while of the emulator clock', async () => {
    const { test, client, connectionId, sdk } = await start();
    test.emulator.faults.throttleConnectionsApi(1000);
    const error = await sdk.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })).catch((e: unknown) => e);
    expect((error as Error).name).toBe('LimitExceededException');
    expect((error as { $metadata: { httpStatusCode: number; attempts: number } }).$metadata).toMatchObject({ httpStatusCode: 429, attempts: 3 });
    await test.advanceTime(1000);
    await sdk.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'through' }));
    expect(await client.nextMessage()).toBe('through');
  });

  it('fails or delays the next invocation of a route', async () => {
    const { test, client } = await start();
    test.emulator.faults.failNextInvocation({ routeKey: '$default' });
    client.send('one');
    expect(await client.nextMessage()).toMatch(/^\{"message": "Internal server error", /);
    const failed = await test.waitForInvocation({ routeKey: '$default' });
    expect(failed.error).toEqual({ errorType: 'Error', errorMessage: 'Injected failure' });

    test.emulator.faults.delayNextInvocation({ routeKey: '$default' }, 5000);
    client.send('two');
    await client.expectNoMessage(100);
    await test.advanceTime(5000);
    expect(await client.nextMessage()).toBe('ok two');
  });
});
