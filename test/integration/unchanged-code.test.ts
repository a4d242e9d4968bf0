import dns from 'node:dns';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Emulator, type EmulatorOptions } from 'apigw-ws-local';
import { connectTestClient } from 'apigw-ws-local/testing';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
// Outside the project: nothing up the tree has node_modules, as in a Lambda deployment package.
let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-local-unchanged-'));
  cpSync(path.join(fixtures, 'unchanged-code'), root, { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});

async function start(routes: EmulatorOptions['routes'], options: Partial<EmulatorOptions> = {}) {
  const lines: string[] = [];
  const capture = (level: string) => (line: string) => lines.push(`${level} ${line}`);
  const emulator = new Emulator({
    port: 0,
    root,
    routes,
    logger: { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error'), handler: capture('handler') },
    ...options,
  });
  disposers.push(() => emulator.dispose());
  return { emulator, lines, ...(await emulator.start()) };
}

describe.each(['worker', 'inline'] as const)('handlers written for AWS, unchanged (%s mode)', (execution) => {
  it.each(['fromDomain', 'fromApiId', 'fromConstant', 'fromEnvironment'])('reach @connections with the endpoint built %s', async (form) => {
    const { url } = await start({ $default: `endpoints.${form}` }, { apiId: 'abc123defg', execution });
    const client = await connectTestClient(url);
    client.send('hello');
    expect(await client.nextMessage()).toBe(form);
  });

  it('import the SDK the runtime provides from CommonJS too', async () => {
    const { url } = await start({ $default: 'common.handler' }, { execution });
    const client = await connectTestClient(url);
    client.send('hello');
    expect(await client.nextMessage()).toBe('from CommonJS');
  });

  it("get the SDK's own Invalid URL for an endpoint without a scheme", async () => {
    const { url } = await start({ $default: { handler: 'endpoints.noScheme', routeResponse: true } }, { execution });
    const client = await connectTestClient(url);
    client.send('hello');
    expect(await client.nextMessage()).toBe('TypeError: Invalid URL');
  });

  it('get AWS\'s 404 for /@connections in the endpoint, and the log says why', async () => {
    const { url, lines } = await start({ $default: { handler: 'endpoints.doubleConnections', routeResponse: true } }, { execution });
    const client = await connectTestClient(url);
    client.send('hello');
    const reply = await client.nextMessage();
    expect(reply).toMatch(/^NotFoundException: No method found matching route @connections\/@connections\/[A-Za-z0-9_-]{15}= for http method POST\.$/);
    expect(lines.some((line) => line.startsWith('warn @connections POST /local/@connections/@connections/') && line.endsWith('answered 404: the SDK appends /@connections/{id} itself: give it the endpoint https://{domainName}/{stage} without /@connections'))).toBe(true);
  });

  it('get 410 GoneException when posting from inside $connect, and the log says why', async () => {
    const { url, lines } = await start({ $connect: 'self-post.handler' }, { execution });
    const client = await connectTestClient(url);
    void client.close();
    expect(lines.some((line) => line.startsWith('handler ') && line.includes('post failed with GoneException'))).toBe(true);
    expect(
      lines.some(
        (line) => line.startsWith('warn @connections POST ') && line.includes('during its own $connect: the connection exists only after $connect returns 2xx'),
      ),
    ).toBe(true);
  });

  it('have region, credentials and no metadata probing in their environment', async () => {
    const { url, managementEndpoint } = await start({ $default: { handler: 'tls.env', routeResponse: true } }, { execution, region: 'eu-west-1' });
    const client = await connectTestClient(url);
    client.send('x');
    expect(JSON.parse(await client.nextMessage())).toEqual({
      AWS_REGION: 'eu-west-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      hasKey: true,
      hasSecret: true,
      endpoint: managementEndpoint,
    });
  });

  it('keep certificate checking for every other HTTPS host', async () => {
    const server = createServer(
      { key: readFileSync(path.join(fixtures, 'tls/key.pem')), cert: readFileSync(path.join(fixtures, 'tls/cert.pem')) },
      (_req, res) => res.end('secret'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    disposers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const tlsPort = (server.address() as AddressInfo).port;
    const { url } = await start({ $default: { handler: 'tls.handler', routeResponse: true } }, { execution });
    const client = await connectTestClient(url);
    client.send(JSON.stringify({ url: `https://127.0.0.1:${tlsPort}/` }));
    expect(await client.nextMessage()).toBe('error DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});

describe('handlers that bundle their own SDK', () => {
  let bundled: string;
  beforeAll(() => {
    bundled = mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-local-bundled-'));
    cpSync(path.join(fixtures, 'bundled-sdk'), bundled, { recursive: true });
    const projectModules = path.join(fixtures, '../../node_modules');
    mkdirSync(path.join(bundled, 'node_modules/@aws-sdk'), { recursive: true });
    symlinkSync(path.join(projectModules, 'old-apigw-client'), path.join(bundled, 'node_modules/@aws-sdk/client-apigatewaymanagementapi'));
    symlinkSync(path.join(projectModules, 'aws-sdk'), path.join(bundled, 'node_modules/aws-sdk'));
  });
  afterAll(() => rmSync(bundled, { recursive: true, force: true }));

  it.each([
    ['an older SDK v3', 'own-v3', 'own v3 3.405.0', 'GoneException 410'],
    ['the v2 aws-sdk', 'own-v2', 'own v2 2.1693.0', 'GoneException 410'],
  ])('keep their own copy (%s) and reach the emulator through its https host name', async (_name, file, delivered, gone) => {
    const { url } = await start({ send: `${file}.handler`, gone: { handler: `${file}.gone`, routeResponse: true } }, { root: bundled });
    const client = await connectTestClient(url);
    client.send({ action: 'send' });
    expect(await client.nextMessage()).toBe(delivered);
    client.send({ action: 'gone' });
    expect(await client.nextMessage()).toBe(gone);
  });
});

describe('DynamoDB', () => {
  it('is reached by new DynamoDBClient({ region }) and a broadcast removes the stale connection it meets', async () => {
    const { url, emulator } = await start(
      { $connect: 'broadcast.connect', $disconnect: 'broadcast.disconnect', broadcast: 'broadcast.broadcast' },
      { environment: { TABLE_NAME: 'connections' }, dynamodb: { tables: [{ name: 'connections', hashKey: 'connectionId' }] } },
    );
    const ddb = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: emulator.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } }),
    );
    const clients = [await connectTestClient(url), await connectTestClient(url), await connectTestClient(url)];
    await ddb.send(new PutCommand({ TableName: 'connections', Item: { connectionId: 'AAAAAAAAAAAAAAA=' } }));
    const ids = async () => ((await ddb.send(new ScanCommand({ TableName: 'connections' }))).Items ?? []).map((item) => item.connectionId as string).sort();
    expect(await ids()).toEqual([...emulator.listConnections().map((c) => c.connectionId), 'AAAAAAAAAAAAAAA='].sort());
    clients[0]?.send({ action: 'broadcast', message: 'hello room' });
    for (const client of clients) expect(await client.nextMessage()).toBe('hello room');
    await expect.poll(ids, { timeout: 5000 }).toEqual(emulator.listConnections().map((c) => c.connectionId).sort());
    clients[2]?.terminate();
    // $disconnect runs in a worker and writes to DynamoDB: allow for a busy machine.
    await expect.poll(async () => (await ids()).length, { timeout: 5000 }).toBe(2);
  });

  it('is reached by the v2 DocumentClient, which ignores AWS_ENDPOINT_URL_DYNAMODB', async () => {
    const bundled = mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-local-v2-'));
    disposers.push(async () => rmSync(bundled, { recursive: true, force: true }));
    cpSync(path.join(fixtures, 'bundled-sdk'), bundled, { recursive: true });
    mkdirSync(path.join(bundled, 'node_modules'));
    symlinkSync(path.join(fixtures, '../../node_modules/aws-sdk'), path.join(bundled, 'node_modules/aws-sdk'));
    const { url } = await start(
      { $default: { handler: 'own-v2.dynamo', routeResponse: true } },
      { root: bundled, dynamodb: { tables: [{ name: 'notes', hashKey: 'id' }] } },
    );
    const client = await connectTestClient(url);
    client.send('x');
    expect(await client.nextMessage()).toBe('kept by v2');
  });
});

describe('the network', () => {
  it('is never asked for an AWS host name: emulated hosts resolve to the emulator without DNS', async () => {
    const looked: string[] = [];
    const realLookup = dns.lookup as unknown as (...args: unknown[]) => unknown;
    const spy = vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, ...rest: unknown[]) => {
      looked.push(hostname);
      return realLookup.call(dns, hostname, ...rest);
    }) as typeof dns.lookup);
    disposers.push(async () => spy.mockRestore());
    const { url } = await start({ $default: 'endpoints.fromDomain' }, { execution: 'inline' });
    const client = await connectTestClient(url);
    client.send('hello');
    expect(await client.nextMessage()).toBe('fromDomain');
    expect(looked.filter((host) => host.endsWith('amazonaws.com'))).toEqual([]);
  });
});

// The v2 SDK per runtime (provided up to nodejs16.x, not from 18): runtime-sdk-v2.test.ts.
