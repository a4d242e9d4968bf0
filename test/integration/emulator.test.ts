import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { Emulator, EmulatorError } from 'apigw-ws-local';
import { connectTestClient } from 'apigw-ws-local/testing';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});

function create(options: Partial<ConstructorParameters<typeof Emulator>[0]> = {}) {
  const emulator = new Emulator({ port: 0, root, routes: { $default: 'app.fallback' }, ...options });
  disposers.push(() => emulator.dispose());
  return emulator;
}

describe('Emulator lifecycle', () => {
  it('start() resolves to the real URLs and returns the same promise when called again', async () => {
    const emulator = create({ stage: 'dev' });
    const first = emulator.start();
    expect(emulator.start()).toBe(first);
    const urls = await first;
    expect(urls.url).toBe(`ws://127.0.0.1:${urls.port}/dev`);
    expect(urls.managementEndpoint).toBe(`http://127.0.0.1:${urls.port}/dev`);
    expect(emulator.urls).toEqual(urls);
  });

  it('dispose() is idempotent and every method afterwards throws ERR_DISPOSED', async () => {
    const emulator = create();
    await emulator.start();
    await Promise.all([emulator.dispose(), emulator.dispose()]);
    await emulator.dispose();
    expect(() => emulator.listConnections()).toThrow(new EmulatorError('ERR_DISPOSED', 'the emulator was disposed: create a new Emulator'));
    expect(() => emulator.start()).toThrow(EmulatorError);
  });

  it('throws ERR_NOT_STARTED for connection methods before start()', () => {
    const emulator = create();
    expect(() => emulator.getConnection('AAAAAAAAAAAAAAA=')).toThrow('the emulator is not started: await emulator.start() first');
  });

  it('warns when it listens beyond loopback, since @connections is not authenticated', async () => {
    const warnings: string[] = [];
    const noop = () => {};
    await create({ host: '0.0.0.0', logger: { debug: noop, info: noop, error: noop, warn: (line) => warnings.push(line) } }).start();
    expect(warnings).toEqual([
      'listening on 0.0.0.0: anyone who can reach this port can post to and close any connection through @connections (it is not authenticated); use --host 127.0.0.1 unless you need this, or --verify-signatures',
    ]);
    const quiet: string[] = [];
    await create({
      host: '0.0.0.0',
      verifySignatures: true,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'mine' },
      logger: { debug: noop, info: noop, error: noop, warn: (line) => quiet.push(line) },
    }).start();
    expect(quiet).toEqual([]);
  });

  it('reports a port in use as ERR_LISTEN with the fix', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    disposers.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const error = await create({ port }).start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorError);
    expect((error as EmulatorError).code).toBe('ERR_LISTEN');
    expect((error as Error).message).toContain(`(port ${port} is in use: pick another with --port, or 0 for a free one)`);
  });

  it('checks every handler export before opening the port', async () => {
    const emulator = create({ routes: { a: 'app.nothere', b: 'app.alsomissing', c: 'app.message' } });
    const error = await emulator.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorError);
    expect((error as EmulatorError).code).toBe('ERR_HANDLER_NOT_FOUND');
    const message = (error as Error).message;
    expect(message.split('\n')[0]).toBe('Invalid handlers (2 problems):');
    expect(message).toContain('app-nothere');
    expect(message).toContain('app-alsomissing');
    expect(() => emulator.urls).toThrow('the emulator is not started');
  });

  it('names a missing handler file and a missing export in one error', async () => {
    const emulator = create({ routes: { a: 'nofile.handler', b: 'app.nothere', c: 'app.message' } });
    const error = await emulator.start().catch((e: unknown) => e);
    expect((error as EmulatorError).code).toBe('ERR_HANDLER_NOT_FOUND');
    expect((error as Error).message.split('\n')).toEqual([
      'Invalid handlers (2 problems):',
      '  - nofile-handler: "nofile.handler": no file nofile.js, .mjs, .cjs or .ts',
      '  - app-nothere: "app.nothere": file app.mjs has no export "nothere" (found: connect, disconnect, fallback, message, postToGone)',
    ]);
  });
});

describe('the web page beside the API', () => {
  it('serves files from its directory only: path escapes get no file', async () => {
    const emulator = create({
      root: path.join(root, '../../..'),
      routes: { $default: 'test/fixtures/gateway/app.fallback' },
      staticDir: 'web/chat',
      dynamodb: false,
    });
    const { port } = await emulator.start();
    const get = (target: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: target }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    expect((await get('/')).status).toBe(200);
    for (const target of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/%2e%2e%5cpackage.json']) {
      const response = await get(target);
      expect([403, 404]).toContain(response.status);
      expect(response.body).not.toContain('"name": "apigw-ws-local"');
    }
  });
});

describe('the embedded DynamoDB', () => {
  it('starts by default, with the configured tables, and stops with the emulator', async () => {
    const emulator = create({ dynamodb: { tables: [{ name: 'rooms', hashKey: 'room', rangeKey: 'connectionId' }] } });
    await emulator.start();
    const endpoint = emulator.dynamodbEndpoint as string;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ddb = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } });
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'rooms' }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'room', KeyType: 'HASH' },
      { AttributeName: 'connectionId', KeyType: 'RANGE' },
    ]);
    await emulator.dispose();
    await expect(fetch(endpoint)).rejects.toThrow();
  });

  it('is not started with dynamodb: false', async () => {
    const emulator = create({ dynamodb: false });
    await emulator.start();
    expect(emulator.dynamodbEndpoint).toBeUndefined();
  });

  it('refuses a persist directory another emulator holds, before opening its port', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-local-persist-'));
    disposers.push(async () => rmSync(dir, { recursive: true, force: true }));
    const first = create({ dynamodb: { persistDir: dir } });
    await first.start();
    const second = create({ dynamodb: { persistDir: dir } });
    const error = await second.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorError);
    expect((error as Error).message).toContain(`persistDir: "${dir}" is in use by another emulator in this process`);
    expect(() => second.urls).toThrow('the emulator is not started');
  });
});

describe('@connections on a running emulator, through the real SDK', () => {
  async function setup() {
    const emulator = create({ routes: { $default: 'app.fallback' } });
    const { url, managementEndpoint } = await emulator.start();
    const sdk = new ApiGatewayManagementApiClient({
      endpoint: managementEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
    });
    const client = await connectTestClient(url, { headers: { 'User-Agent': 'sdk-test/1.0' } });
    const [summary] = emulator.listConnections();
    return { emulator, sdk, client, connectionId: summary?.connectionId as string };
  }

  it('posts, gets and deletes a live connection', async () => {
    const { sdk, client, connectionId } = await setup();
    await sdk.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"hello":"world"}' }));
    expect(await client.nextMessage()).toBe('{"hello":"world"}');
    const info = await sdk.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.LastActiveAt).toBeInstanceOf(Date);
    expect(info.LastActiveAt!.getTime()).toBeGreaterThanOrEqual(info.ConnectedAt!.getTime());
    expect(info.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'sdk-test/1.0' });
    const deleted = await sdk.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
    const gone = await sdk.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'late' })).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(GoneException);
    expect((gone as GoneException).message).toBe('UnknownError');
    expect((gone as GoneException).$metadata.httpStatusCode).toBe(410);
  });
});
