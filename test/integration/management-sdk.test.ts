// The @connections behaviours, written once as a contract and run through every way in: the real
// AWS SDK v3 over HTTP (through handleManagementRequest), and api.handle() called directly. The
// direct way in reads responses the way SDK v3 does (docs/aws-behaviour.md#errors-on-the-wire), so both
// must agree.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiGatewayManagementApiClient,
  ApiGatewayManagementApiServiceException,
  DeleteConnectionCommand,
  ForbiddenException,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { describe, expect, it, onTestFinished } from 'vitest';
import { handleManagementRequest } from '../../src/management/http-adapter.js';
import { createManagementApi } from '../../src/management/management-api.js';
import type { ManagementApi, ManagementResponse } from '../../src/management/management-api.js';
import type { ConnectionInfo, ConnectionStore } from '../../src/management/types.js';

const STAGE = 'dev';
const LIVE = 'L0SM9cOFvHcCIhw=';
const LIVE_NO_UA = 'JC1dgf9yoAMCK-g=';
const UNKNOWN = 'BFaT_fALIAMCKug=';
const CONNECTED_AT = '2022-10-26T19:57:25.104Z';
const LAST_ACTIVE_AT = '2022-10-26T19:57:26.361Z';

// ---------------------------------------------------------------------------------------------
// The world under test: a fake connection store that records what reached it.

function createFakeStore() {
  const live = new Map<string, ConnectionInfo>([
    [LIVE, { connectedAt: Date.parse(CONNECTED_AT), lastActiveAt: Date.parse(LAST_ACTIVE_AT), sourceIp: '203.0.113.7', userAgent: 'wscat' }],
    [LIVE_NO_UA, { connectedAt: Date.parse(CONNECTED_AT), lastActiveAt: Date.parse(CONNECTED_AT), sourceIp: '198.51.100.1' }],
  ]);
  const posted: Array<{ id: string; data: Buffer }> = [];
  const deleted: string[] = [];
  const store: ConnectionStore = {
    post(id, data) {
      if (!live.has(id)) return false;
      posted.push({ id, data: Buffer.from(data) });
      return true;
    },
    get: (id) => live.get(id),
    delete(id) {
      if (!live.delete(id)) return false;
      deleted.push(id);
      return true;
    },
  };
  return { store, posted, deleted };
}

// ---------------------------------------------------------------------------------------------
// Ways in. Each one turns a call into an Outcome in the SDK's terms.

interface ConnectionDetails {
  ConnectedAt?: Date;
  Identity?: { SourceIp?: string; UserAgent?: string };
  LastActiveAt?: Date;
}

type Outcome =
  | { readonly ok: true; readonly status: number | undefined; readonly connection?: ConnectionDetails }
  | { readonly ok: false; readonly status: number | undefined; readonly name: string; readonly message: string };

interface ManagementCaller {
  post(connectionId: string, data: string | Uint8Array): Promise<Outcome>;
  get(connectionId: string): Promise<Outcome>;
  delete(connectionId: string): Promise<Outcome>;
}

interface WayIn {
  readonly name: string;
  /** A caller for the endpoint `http://host:port{endpointPath}`, e.g. `/dev` (right), `''` (no stage). */
  open(api: ManagementApi, endpointPath: string): Promise<ManagementCaller>;
}

async function startServer(api: ManagementApi): Promise<{ port: number; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (api.matches(req.url ?? '/')) return handleManagementRequest(api, req, res);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as AddressInfo).port, requests };
}

function createSdkClient(port: number, endpointPath: string): ApiGatewayManagementApiClient {
  const client = new ApiGatewayManagementApiClient({
    endpoint: `http://127.0.0.1:${port}${endpointPath}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  });
  onTestFinished(() => client.destroy());
  return client;
}

async function sdkOutcome(call: () => Promise<{ $metadata: { httpStatusCode?: number } } & ConnectionDetails>): Promise<Outcome> {
  try {
    const { $metadata, ...connection } = await call();
    return Object.keys(connection).length > 0
      ? { ok: true, status: $metadata.httpStatusCode, connection }
      : { ok: true, status: $metadata.httpStatusCode };
  } catch (error) {
    if (!(error instanceof ApiGatewayManagementApiServiceException)) throw error;
    return { ok: false, status: error.$metadata.httpStatusCode, name: error.name, message: error.message };
  }
}

const throughSdk: WayIn = {
  name: 'the AWS SDK v3 over HTTP',
  async open(api, endpointPath) {
    const { port } = await startServer(api);
    const client = createSdkClient(port, endpointPath);
    return {
      post: (ConnectionId, Data) => sdkOutcome(() => client.send(new PostToConnectionCommand({ ConnectionId, Data }))),
      get: (ConnectionId) => sdkOutcome(() => client.send(new GetConnectionCommand({ ConnectionId }))),
      delete: (ConnectionId) => sdkOutcome(() => client.send(new DeleteConnectionCommand({ ConnectionId }))),
    };
  },
};

/** Reads a response as SDK v3's restJson1 deserialiser does (docs/aws-behaviour.md#errors-on-the-wire). */
function readLikeSdk(response: ManagementResponse): Outcome {
  if (response.status >= 300) {
    const parsed = response.body === '' ? {} : (JSON.parse(response.body) as { message?: string });
    const name = response.headers['x-amzn-ErrorType'] ?? 'Unknown';
    return { ok: false, status: response.status, name, message: parsed.message ?? 'UnknownError' };
  }
  if (response.body === '') return { ok: true, status: response.status };
  const body = JSON.parse(response.body) as {
    connectedAt: string;
    identity: { sourceIp: string; userAgent: string | null };
    lastActiveAt: string;
  };
  const identity: ConnectionDetails['Identity'] = { SourceIp: body.identity.sourceIp };
  if (body.identity.userAgent !== null) identity.UserAgent = body.identity.userAgent;
  const connection = { ConnectedAt: new Date(body.connectedAt), Identity: identity, LastActiveAt: new Date(body.lastActiveAt) };
  return { ok: true, status: response.status, connection };
}

const direct: WayIn = {
  name: 'api.handle() directly',
  async open(api, endpointPath) {
    // The path SDK v3 builds from the endpoint (docs/aws-behaviour.md#paths-and-statuses, #endpoint).
    const pathOf = (id: string) => `${endpointPath}/@connections/${encodeURIComponent(id)}`;
    const call = (method: string, id: string, body = Buffer.alloc(0)) =>
      Promise.resolve(readLikeSdk(api.handle({ method, path: pathOf(id), body })));
    return {
      post: (id, data) => call('POST', id, typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)),
      get: (id) => call('GET', id),
      delete: (id) => call('DELETE', id),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// The contract.

function setUp(way: WayIn, endpointPath = `/${STAGE}`) {
  const fake = createFakeStore();
  const api = createManagementApi({ stage: STAGE, connections: fake.store });
  return { ...fake, caller: way.open(api, endpointPath) };
}

describe.each([throughSdk, direct])('@connections contract through $name', (way) => {
  it('PostToConnection delivers a string as its exact UTF-8 bytes', async () => {
    const { caller, posted } = setUp(way);
    expect(await (await caller).post(LIVE, 'hello ü')).toEqual({ ok: true, status: 200 });
    expect(posted.map(({ id, data }) => [id, data.toString('hex')])).toEqual([[LIVE, '68656c6c6f20c3bc']]);
  });

  it('PostToConnection delivers a Uint8Array byte for byte', async () => {
    const { caller, posted } = setUp(way);
    expect(await (await caller).post(LIVE, new Uint8Array([0, 1, 2, 255]))).toEqual({ ok: true, status: 200 });
    expect(posted.map(({ data }) => data.toString('hex'))).toEqual(['000102ff']);
  });

  it('GetConnection returns the dates and the identity', async () => {
    const { caller } = setUp(way);
    expect(await (await caller).get(LIVE)).toEqual({
      ok: true,
      status: 200,
      connection: {
        ConnectedAt: new Date(CONNECTED_AT),
        Identity: { SourceIp: '203.0.113.7', UserAgent: 'wscat' },
        LastActiveAt: new Date(LAST_ACTIVE_AT),
      },
    });
  });

  it('GetConnection leaves UserAgent out when the client sent none', async () => {
    const { caller } = setUp(way);
    const outcome = await (await caller).get(LIVE_NO_UA);
    expect(outcome.ok && outcome.connection?.Identity).toStrictEqual({ SourceIp: '198.51.100.1' });
  });

  it('DeleteConnection answers 204 and closes the connection; afterwards it is gone', async () => {
    const { caller, deleted } = setUp(way);
    const management = await caller;
    expect(await management.delete(LIVE)).toEqual({ ok: true, status: 204 });
    expect(deleted).toEqual([LIVE]);
    expect(await management.post(LIVE, 'late')).toEqual({ ok: false, status: 410, name: 'GoneException', message: 'UnknownError' });
  });

  it.each(['post', 'get', 'delete'] as const)('%s on an unknown connection is GoneException "UnknownError"', async (operation) => {
    const { caller } = setUp(way);
    const management = await caller;
    const outcome = operation === 'post' ? await management.post(UNKNOWN, 'x') : await management[operation](UNKNOWN);
    expect(outcome).toEqual({ ok: false, status: 410, name: 'GoneException', message: 'UnknownError' });
  });

  it('accepts 131072 bytes and refuses 131073 with PayloadTooLargeException', async () => {
    const { caller, posted } = setUp(way);
    const management = await caller;
    expect(await management.post(LIVE, new Uint8Array(131_072).fill(7))).toEqual({ ok: true, status: 200 });
    expect(await management.post(LIVE, new Uint8Array(131_073).fill(7))).toEqual({
      ok: false,
      status: 413,
      name: 'PayloadTooLargeException',
      message: 'Request entity too large',
    });
    expect(posted.map(({ data }) => data.length)).toEqual([131_072]);
  });

  it.each([
    ['without the stage', ''],
    ['of another stage', '/prod'],
  ])('an endpoint %s is ForbiddenException "Forbidden"', async (_, endpointPath) => {
    const { caller, posted } = setUp(way, endpointPath);
    expect(await (await caller).post(LIVE, 'x')).toEqual({ ok: false, status: 403, name: 'ForbiddenException', message: 'Forbidden' });
    expect(posted).toEqual([]);
  });

  it.each([
    ['with /@connections appended', `/${STAGE}/@connections`, `@connections/@connections/${LIVE}`],
    ['with the stage twice', `/${STAGE}/${STAGE}`, `${STAGE}/@connections/${LIVE}`],
    ['with a trailing slash', `/${STAGE}/`, `/@connections/${LIVE}`],
  ])('an endpoint %s is NotFoundException naming the route', async (_, endpointPath, route) => {
    const { caller, posted } = setUp(way, endpointPath);
    expect(await (await caller).post(LIVE, 'x')).toEqual({
      ok: false,
      status: 404,
      name: 'NotFoundException',
      message: `No method found matching route ${route} for http method POST.`,
    });
    expect(posted).toEqual([]);
  });

  it.each([
    ['test-connection-123', 'Invalid connectionId: test-connection-123'],
    ['a/b c+d', 'Invalid connectionId: a/b c+d'],
  ])('a malformed id %j is BadRequestException', async (id, message) => {
    const { caller } = setUp(way);
    expect(await (await caller).get(id)).toEqual({ ok: false, status: 400, name: 'BadRequestException', message });
  });
});

// ---------------------------------------------------------------------------------------------
// What only the SDK can show: exception classes, retries, request ids, connection reuse.

describe('@connections through the AWS SDK v3 only', () => {
  async function open(endpointPath = `/${STAGE}`) {
    const fake = createFakeStore();
    const api = createManagementApi({ stage: STAGE, connections: fake.store });
    const { port, requests } = await startServer(api);
    return { ...fake, requests, client: createSdkClient(port, endpointPath) };
  }

  it('GoneException is the modelled class, with 410 and exactly one request (no retry)', async () => {
    const { client, requests } = await open();
    const error = await client.send(new PostToConnectionCommand({ ConnectionId: UNKNOWN, Data: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoneException);
    expect(error).toMatchObject({ name: 'GoneException', message: 'UnknownError', $metadata: { httpStatusCode: 410 } });
    expect(requests).toEqual([`POST /${STAGE}/@connections/${encodeURIComponent(UNKNOWN)}`]);
  });

  it('PayloadTooLargeException and ForbiddenException are the modelled classes', async () => {
    const { client } = await open();
    const tooLarge = await client
      .send(new PostToConnectionCommand({ ConnectionId: LIVE, Data: new Uint8Array(131_073) }))
      .catch((e: unknown) => e);
    expect(tooLarge).toBeInstanceOf(PayloadTooLargeException);
    // SDK 3.1169.0 fills `message` from the body; the modelled `Message` member stays undefined.
    expect(tooLarge).toMatchObject({ message: 'Request entity too large', $metadata: { httpStatusCode: 413 } });

    const { client: stageless } = await open('');
    const forbidden = await stageless.send(new GetConnectionCommand({ ConnectionId: LIVE })).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(ForbiddenException);
  });

  it('unmodelled errors come as the base exception with the name from x-amzn-ErrorType, not retried', async () => {
    const { client, requests } = await open(`/${STAGE}/@connections`);
    const error = await client.send(new DeleteConnectionCommand({ ConnectionId: LIVE })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiGatewayManagementApiServiceException);
    expect(error).toMatchObject({
      name: 'NotFoundException',
      message: `No method found matching route @connections/@connections/${LIVE} for http method DELETE.`,
      $metadata: { httpStatusCode: 404 },
    });
    expect(requests).toHaveLength(1);
  });

  it('hands the x-amzn-RequestId to $metadata.requestId', async () => {
    const { client } = await open();
    const result = await client.send(new PostToConnectionCommand({ ConnectionId: LIVE, Data: 'x' }));
    expect(result.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('a 2 MiB post is a clean 413, and the kept-alive connection serves the next call', async () => {
    const { client, posted, requests } = await open();
    const error = await client
      .send(new PostToConnectionCommand({ ConnectionId: LIVE, Data: new Uint8Array(2 * 1024 * 1024) }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeException);
    await client.send(new PostToConnectionCommand({ ConnectionId: LIVE, Data: 'after' }));
    expect(posted.map(({ data }) => data.toString())).toEqual(['after']);
    expect(requests).toHaveLength(2);
  });
});
