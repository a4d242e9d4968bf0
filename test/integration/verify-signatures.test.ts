import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiGatewayManagementApiClient, ForbiddenException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
let test: TestEmulator | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

describe('--verify-signatures', () => {
  async function start() {
    test = await startTestEmulator({
      root,
      verifySignatures: true,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'right-secret' },
      routes: { $connect: 'app.connect', oneway: 'app.message' },
    });
    const client = await test.connect();
    const { connectionId } = await test.waitForInvocation({ routeKey: '$connect' });
    const sdk = (accessKeyId: string, secretAccessKey: string) =>
      new ApiGatewayManagementApiClient({ endpoint: test?.managementEndpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey } });
    return { client, connectionId, sdk };
  }

  it('accepts requests the real SDK signs with the configured credentials, from a test and from handler code', async () => {
    const { client, connectionId, sdk } = await start();
    await sdk('AKIDLOCAL', 'right-secret').send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'signed' }));
    expect(await client.nextMessage()).toBe('signed');
    client.send({ action: 'oneway', reply: 'from a handler' });
    expect(await client.nextMessage()).toBe('from a handler');
  });

  it.each([
    ['a wrong secret', 'AKIDLOCAL', 'wrong-secret', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'],
    ['an unknown key', 'AKIDOTHER', 'right-secret', 'The security token included in the request is invalid.'],
  ])('refuses %s with 403 ForbiddenException and AWS\'s message', async (_name, key, secret, message) => {
    const { client, connectionId, sdk } = await start();
    const error = await sdk(key, secret).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenException);
    expect((error as ForbiddenException).message).toBe(message);
    await client.expectNoMessage(50);
  });

  it('refuses an unsigned request with 403 Missing Authentication Token', async () => {
    const { connectionId } = await start();
    const response = await fetch(`${test?.managementEndpoint}/@connections/${encodeURIComponent(connectionId)}`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
  });
});
