import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import { Emulator } from 'apigw-ws-local';
import { connectTestClient, WebSocketRefusedError } from 'apigw-ws-local/testing';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});

/** The headers a client adds to a SigV4-signed upgrade request (as aws-sigv4 clients do). */
async function signUpgrade(url: string, secretAccessKey: string) {
  const target = new URL(url);
  const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey }, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'GET',
    protocol: 'http:',
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    query: Object.fromEntries(target.searchParams),
    headers: { host: target.host },
  });
  const { host: _host, ...headers } = signed.headers;
  return headers;
}

describe('AWS_IAM on $connect', () => {
  async function start() {
    const emulator = new Emulator({
      port: 0,
      root,
      execution: 'inline',
      recordInvocations: true,
      iamAuthorization: true,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'right-secret' },
      routes: { $connect: 'app.connect' },
    });
    disposers.push(() => emulator.dispose());
    return { emulator, url: (await emulator.start()).url };
  }

  it('accepts an upgrade signed with the configured credentials and puts the caller in identity', async () => {
    const { emulator, url } = await start();
    // Resolves only if the upgrade succeeds.
    await connectTestClient(`${url}?room=lobby`, { headers: await signUpgrade(`${url}?room=lobby`, 'right-secret') });
    const event = (await emulator.waitForInvocation({ routeKey: '$connect' })).event as { requestContext: { identity: object } };
    expect(event.requestContext.identity).toEqual({
      accountId: '123456789012',
      caller: 'AKIDLOCAL',
      accessKey: 'AKIDLOCAL',
      user: 'AKIDLOCAL',
      userArn: 'arn:aws:iam::123456789012:user/AKIDLOCAL',
      sourceIp: '127.0.0.1',
    });
  });

  it.each([
    ['unsigned', undefined, 'Missing Authentication Token'],
    ['signed with another secret', 'wrong-secret', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'],
  ])('refuses an upgrade %s with 403', async (_name, secret, message) => {
    const { url } = await start();
    const headers = secret === undefined ? {} : await signUpgrade(url, secret);
    await expect(connectTestClient(url, { headers })).rejects.toEqual(new WebSocketRefusedError(403, JSON.stringify({ message })));
  });
});
