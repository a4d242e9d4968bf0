import { describe, expect, it, vi } from 'vitest';
import { EmulatorError } from '../../../src/errors.js';
import { createManagementApi, DEFAULT_MAX_PAYLOAD_BYTES } from '../../../src/management/management-api.js';
import type { ManagementApiOptions } from '../../../src/management/management-api.js';
import type { ConnectionInfo, ConnectionStore } from '../../../src/management/types.js';

const REQUEST_ID = '7f6e5d4c-3b2a-4190-8877-665544332211';
const LIVE = 'L0SM9cOFvHcCIhw=';
const LIVE_NO_UA = 'JC1dgf9yoAMCK-g=';
const UNKNOWN = 'BFaT_fALIAMCKug=';
const LIVE_ENCODED = 'L0SM9cOFvHcCIhw%3D';

const CONNECTIONS: Record<string, ConnectionInfo> = {
  [LIVE]: {
    connectedAt: Date.parse('2022-10-26T19:57:25.104Z'),
    lastActiveAt: Date.parse('2022-10-26T19:57:26.361Z'),
    sourceIp: '203.0.113.7',
    userAgent: 'wscat',
  },
  [LIVE_NO_UA]: {
    connectedAt: Date.parse('2024-01-02T03:04:05.000Z'),
    lastActiveAt: Date.parse('2024-01-02T03:04:06.007Z'),
    sourceIp: '198.51.100.1',
  },
};

function createFakeStore() {
  const live = new Map(Object.entries(CONNECTIONS));
  const posted: Array<{ id: string; data: string }> = [];
  const deleted: string[] = [];
  const store: ConnectionStore = {
    post(id, data) {
      if (!live.has(id)) return false;
      posted.push({ id, data: data.toString('hex') });
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

function createApi(options: Partial<ManagementApiOptions> = {}) {
  const fake = createFakeStore();
  const api = createManagementApi({ stage: 'dev', connections: fake.store, newRequestId: () => REQUEST_ID, ...options });
  return { api, ...fake };
}

const ok = (status: number) => ({ status, headers: { 'x-amzn-RequestId': REQUEST_ID }, body: '' });
const gone = { status: 410, headers: { 'x-amzn-RequestId': REQUEST_ID, 'x-amzn-ErrorType': 'GoneException' }, body: '' };
const error = (status: number, name: string, message: string) => ({
  status,
  headers: { 'x-amzn-RequestId': REQUEST_ID, 'x-amzn-ErrorType': name, 'Content-Type': 'application/json' },
  body: JSON.stringify({ message }),
});
const forbidden = error(403, 'ForbiddenException', 'Forbidden');
const noMethod = (route: string, method = 'POST') =>
  error(404, 'NotFoundException', `No method found matching route ${route} for http method ${method}.`);
const badId = (id: string) => error(400, 'BadRequestException', `Invalid connectionId: ${id}`);

describe('createManagementApi().handle', () => {
  it.each([
    // The three operations, in the forms the SDK, awscurl and hand-written callers use (docs/aws-behaviour.md#paths-and-statuses).
    ['POST', `/dev/@connections/${LIVE_ENCODED}`, ok(200)],
    ['POST', `/dev/%40connections/${LIVE_ENCODED}`, ok(200)],
    ['POST', `/dev/@connections/${LIVE}`, ok(200)],
    ['POST', `/dev/@connections/${LIVE_ENCODED}?x=1`, ok(200)],
    ['DELETE', `/dev/@connections/${LIVE_ENCODED}`, ok(204)],
    // Unknown or closed: 410 with no body at all (docs/aws-behaviour.md#errors-on-the-wire).
    ['POST', `/dev/@connections/${UNKNOWN}`, gone],
    ['GET', `/dev/@connections/${UNKNOWN}`, gone],
    ['DELETE', `/dev/@connections/${UNKNOWN}`, gone],
    // Not the stage: 403.
    ['POST', `/@connections/${LIVE_ENCODED}`, forbidden],
    ['POST', `/prod/@connections/${LIVE_ENCODED}`, forbidden],
    ['POST', `/DEV/@connections/${LIVE_ENCODED}`, forbidden],
    ['POST', `/devx/@connections/${LIVE_ENCODED}`, forbidden],
    ['GET', '/', forbidden],
    ['POST', `/prod/@connections/not-an-id`, forbidden],
    // Under the stage but not the route: 404 naming the decoded path after the stage.
    ['POST', `/dev/@connections/@connections/${LIVE_ENCODED}`, noMethod(`@connections/@connections/${LIVE}`)],
    ['POST', `/dev/dev/@connections/${LIVE_ENCODED}`, noMethod(`dev/@connections/${LIVE}`)],
    ['POST', `/dev//@connections/${LIVE_ENCODED}`, noMethod(`/@connections/${LIVE}`)],
    ['POST', `/dev/@connections/${LIVE_ENCODED}/`, noMethod(`@connections/${LIVE}/`)],
    ['POST', `/dev/@connections/${LIVE_ENCODED}/extra`, noMethod(`@connections/${LIVE}/extra`)],
    ['POST', `/dev/@Connections/${LIVE_ENCODED}`, noMethod(`@Connections/${LIVE}`)],
    ['GET', '/dev/@connections', noMethod('@connections', 'GET')],
    ['GET', '/dev/@connections/', noMethod('@connections/', 'GET')],
    ['GET', '/dev/@connections?x=1', noMethod('@connections', 'GET')],
    ['GET', '/dev', noMethod('', 'GET')],
    // Methods with no route: the same 404, before the id is looked at.
    ['PUT', `/dev/@connections/${LIVE_ENCODED}`, noMethod(`@connections/${LIVE}`, 'PUT')],
    ['PATCH', `/dev/@connections/${LIVE_ENCODED}`, noMethod(`@connections/${LIVE}`, 'PATCH')],
    ['HEAD', `/dev/@connections/${LIVE_ENCODED}`, noMethod(`@connections/${LIVE}`, 'HEAD')],
    ['PUT', '/dev/@connections/not-an-id', noMethod('@connections/not-an-id', 'PUT')],
    // Malformed ids: 400, with the decoded id.
    ['POST', '/dev/@connections/test-connection-123', badId('test-connection-123')],
    ['GET', '/dev/@connections/a%2Fb%20c%2Bd', badId('a/b c+d')],
    ['DELETE', '/dev/@connections/L0SM9cOFvHcCIhwA%3D', badId('L0SM9cOFvHcCIhwA=')],
    ['POST', '/dev/@connections/L0SM9cOFvHcCIh%2B%3D', badId('L0SM9cOFvHcCIh+=')],
    ['POST', '/dev/@connections/L0SM9cOFvHcCIhwA', badId('L0SM9cOFvHcCIhwA')],
    ['POST', '/dev/@connections/%E0%A4%A', badId('%E0%A4%A')],
  ])('%s %s', (method, path, expected) => {
    const { api } = createApi();
    expect(api.handle({ method, path, body: Buffer.from('hi') })).toEqual(expected);
  });

  it('POST delivers the raw body bytes to the decoded connection id', () => {
    const { api, posted } = createApi();
    const body = Buffer.from([0x68, 0xc3, 0xbc, 0x00, 0xff]);
    expect(api.handle({ method: 'POST', path: `/dev/@connections/${LIVE_ENCODED}`, body })).toEqual(ok(200));
    expect(posted).toEqual([{ id: LIVE, data: '68c3bc00ff' }]);
  });

  it('POST passes an empty body on as an empty message', () => {
    const { api, posted } = createApi();
    expect(api.handle({ method: 'POST', path: `/dev/@connections/${LIVE}`, body: Buffer.alloc(0) })).toEqual(ok(200));
    expect(posted).toEqual([{ id: LIVE, data: '' }]);
  });

  it('GET answers lowerCamel JSON with ISO timestamps in milliseconds', () => {
    const { api } = createApi();
    expect(api.handle({ method: 'GET', path: `/dev/@connections/${LIVE_ENCODED}`, body: Buffer.alloc(0) })).toEqual({
      status: 200,
      headers: { 'x-amzn-RequestId': REQUEST_ID, 'Content-Type': 'application/json' },
      body: '{"connectedAt":"2022-10-26T19:57:25.104Z","identity":{"sourceIp":"203.0.113.7","userAgent":"wscat"},"lastActiveAt":"2022-10-26T19:57:26.361Z"}',
    });
  });

  it('GET sends userAgent null when the client sent no User-Agent, as AWS does', () => {
    const { api } = createApi();
    const response = api.handle({ method: 'GET', path: `/dev/@connections/${LIVE_NO_UA}`, body: Buffer.alloc(0) });
    expect(response.body).toBe(
      '{"connectedAt":"2024-01-02T03:04:05.000Z","identity":{"sourceIp":"198.51.100.1","userAgent":null},"lastActiveAt":"2024-01-02T03:04:06.007Z"}',
    );
  });

  it('DELETE closes the connection once; the second DELETE is 410', () => {
    const { api, deleted } = createApi();
    const request = { method: 'DELETE', path: `/dev/@connections/${LIVE_ENCODED}`, body: Buffer.alloc(0) };
    expect(api.handle(request)).toEqual(ok(204));
    expect(api.handle(request)).toEqual(gone);
    expect(deleted).toEqual([LIVE]);
  });

  describe('payload limit', () => {
    const tooLarge = error(413, 'PayloadTooLargeException', 'Request entity too large');

    it(`accepts ${DEFAULT_MAX_PAYLOAD_BYTES} bytes and refuses one more by default`, () => {
      const { api, posted } = createApi();
      const path = `/dev/@connections/${LIVE_ENCODED}`;
      expect(api.maxPayloadBytes).toBe(131_072);
      expect(api.handle({ method: 'POST', path, body: Buffer.alloc(131_072, 1) })).toEqual(ok(200));
      expect(api.handle({ method: 'POST', path, body: Buffer.alloc(131_073, 1) })).toEqual(tooLarge);
      expect(posted.map((post) => post.data.length / 2)).toEqual([131_072]);
    });

    it.each([
      ['POST', `/dev/@connections/${UNKNOWN}`, tooLarge],
      ['POST', '/dev/@connections/not-an-id', badId('not-an-id')],
      ['POST', `/prod/@connections/${LIVE}`, forbidden],
      ['POST', `/dev/@connections/@connections/${LIVE}`, noMethod(`@connections/@connections/${LIVE}`)],
      ['GET', `/dev/@connections/${UNKNOWN}`, gone],
      ['DELETE', `/dev/@connections/${LIVE}`, ok(204)],
    ])('with a body over maxPayloadBytes, %s %s answers in AWS order', (method, path, expected) => {
      const { api, posted } = createApi({ maxPayloadBytes: 4 });
      expect(api.handle({ method, path, body: Buffer.from('12345') })).toEqual(expected);
      expect(posted).toEqual([]);
    });
  });

  it('puts a fresh request id on every response, a UUID by default', () => {
    const { store } = createFakeStore();
    const api = createManagementApi({ stage: 'dev', connections: store });
    const first = api.handle({ method: 'POST', path: `/dev/@connections/${LIVE}`, body: Buffer.alloc(0) });
    const second = api.handle({ method: 'POST', path: `/nope/@connections/${LIVE}`, body: Buffer.alloc(0) });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(first.headers['x-amzn-RequestId']).toMatch(uuid);
    expect(second.headers['x-amzn-RequestId']).toMatch(uuid);
    expect(first.headers['x-amzn-RequestId']).not.toBe(second.headers['x-amzn-RequestId']);
  });

  it('turns a throwing store into a non-retried 400 and reports the error', () => {
    const boom = new Error('socket exploded');
    const onError = vi.fn();
    const store: ConnectionStore = {
      post: () => {
        throw boom;
      },
      get: () => ({ connectedAt: Number.NaN, lastActiveAt: 0, sourceIp: '::1' }),
      delete: () => true,
    };
    const api = createManagementApi({ stage: 'dev', connections: store, newRequestId: () => REQUEST_ID, onError });
    expect(api.handle({ method: 'POST', path: `/dev/@connections/${LIVE}`, body: Buffer.alloc(0) })).toEqual(
      error(
        400,
        'InternalServerErrorException',
        `apigw-ws-local: POST @connections/${LIVE} failed inside the emulator (socket exploded). ` +
          'This is an emulator bug, not yours; it is sent as a 400 so the SDK does not retry it.',
      ),
    );
    expect(api.handle({ method: 'GET', path: `/dev/@connections/${LIVE}`, body: Buffer.alloc(0) }).status).toBe(400);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError).toHaveBeenNthCalledWith(1, boom);
    expect(onError.mock.calls[1]?.[0]).toBeInstanceOf(RangeError);
  });
});

describe('createManagementApi().matches', () => {
  it.each([
    ['/dev/@connections/L0SM9cOFvHcCIhw%3D', true],
    ['/dev/%40connections/L0SM9cOFvHcCIhw%3D', true],
    ['/@connections/abc', true],
    ['/dev/@connections', true],
    ['/dev/@connections?x=1', true],
    ['/dev/@connections/', true],
    ['/dev//@connections/abc', true],
    ['/dev/dev/@connections/abc', true],
    ['/dev/@connections/@connections/abc', true],
    ['/dev', false],
    ['/dev/', false],
    ['/', false],
    ['', false],
    ['/dev/@Connections/abc', false],
    ['/dev/@connectionsx/abc', false],
    ['/dev/x@connections/abc', false],
    ['/dev?next=/@connections/abc', false],
    ['/dev/%40Connections/abc', false],
  ])('%j → %s', (path, expected) => {
    expect(createApi().api.matches(path)).toBe(expected);
  });
});

describe('createManagementApi options', () => {
  const { store } = createFakeStore();

  it.each([
    [{ stage: 'a/b' }, 'createManagementApi: stage: "a/b" is not a stage name AWS allows; use 1-128 of A-Z a-z 0-9 _ -'],
    [{ stage: '' }, 'createManagementApi: stage: "" is not a stage name AWS allows; use 1-128 of A-Z a-z 0-9 _ -'],
    [
      { stage: 'dev', maxPayloadBytes: -1 },
      'createManagementApi: maxPayloadBytes: -1 must be a whole number of bytes >= 0 (AWS: 131072)',
    ],
    [
      { stage: 'x'.repeat(129), maxPayloadBytes: 1.5 },
      `createManagementApi: stage: "${'x'.repeat(129)}" is not a stage name AWS allows; use 1-128 of A-Z a-z 0-9 _ -; ` +
        'maxPayloadBytes: 1.5 must be a whole number of bytes >= 0 (AWS: 131072)',
    ],
  ])('refuses %j', (options, message) => {
    const create = () => createManagementApi({ connections: store, ...options });
    expect(create).toThrow(EmulatorError);
    expect(create).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', message }));
  });

  it('accepts every stage name AWS allows', () => {
    expect(() => createManagementApi({ stage: 'Prod_2-b', connections: store })).not.toThrow();
  });
});
