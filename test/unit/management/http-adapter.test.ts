import { Agent, createServer, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { handleManagementRequest } from '../../../src/management/http-adapter.js';
import type { HttpAdapterOptions } from '../../../src/management/http-adapter.js';
import { createManagementApi } from '../../../src/management/management-api.js';
import type { ManagementApi } from '../../../src/management/management-api.js';
import type { ConnectionStore } from '../../../src/management/types.js';

const LIVE = 'L0SM9cOFvHcCIhw=';
const PATH = `/dev/@connections/${encodeURIComponent(LIVE)}`;
const REQUEST_ID = '0b1c2d3e-4f50-4162-8374-8596a7b8c9d0';

function createRecordingApi(maxPayloadBytes = 8) {
  const posted: string[] = [];
  const store: ConnectionStore = {
    post: (id, data) => (id === LIVE ? posted.push(data.toString()) > 0 : false),
    get: () => undefined,
    delete: (id) => id === LIVE,
  };
  const api = createManagementApi({ stage: 'dev', connections: store, maxPayloadBytes, newRequestId: () => REQUEST_ID });
  return { api, posted };
}

async function startServer(api: ManagementApi, options?: HttpAdapterOptions): Promise<number> {
  const server = createServer((req, res) => handleManagementRequest(api, req, res, options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}

interface Reply {
  status: number | undefined;
  headers: IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
}

/** Sends a request; `write` gets the request to write its body, and may leave it open. */
function send(
  port: number,
  options: { method: string; path: string; headers?: Record<string, string | number>; agent?: Agent },
  write: (req: ReturnType<typeof request>) => void,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString(), reusedSocket: req.reusedSocket }),
      );
    });
    req.on('error', reject);
    write(req);
  });
}

const tooLargeBody = '{"message":"Request entity too large"}';

describe('handleManagementRequest', () => {
  it('writes the status, the AWS headers and a Content-Length', async () => {
    const { api, posted } = createRecordingApi();
    const port = await startServer(api);
    const reply = await send(port, { method: 'POST', path: PATH }, (req) => req.end('hello'));
    expect(reply).toMatchObject({ status: 200, body: '' });
    expect(reply.headers).toMatchObject({ 'x-amzn-requestid': REQUEST_ID, 'content-length': '0' });
    expect(reply.headers['content-type']).toBeUndefined();
    expect(posted).toEqual(['hello']);
  });

  it('sends no Content-Length with a 204', async () => {
    const port = await startServer(createRecordingApi().api);
    const reply = await send(port, { method: 'DELETE', path: PATH }, (req) => req.end());
    expect(reply.status).toBe(204);
    expect(reply.headers['content-length']).toBeUndefined();
    expect(reply.headers['x-amzn-requestid']).toBe(REQUEST_ID);
  });

  it('joins a body that arrives in several chunks', async () => {
    const { api, posted } = createRecordingApi();
    const port = await startServer(api);
    const reply = await send(port, { method: 'POST', path: PATH }, (req) => {
      req.write('abc');
      setImmediate(() => req.end('defgh'));
    });
    expect(reply.status).toBe(200);
    expect(posted).toEqual(['abcdefgh']);
  });

  it('answers 413 after draining an oversized body, keeping the connection for the next request', async () => {
    const { api, posted } = createRecordingApi();
    const port = await startServer(api);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    onTestFinished(() => agent.destroy());
    const tooLarge = await send(port, { method: 'POST', path: PATH, agent }, (req) => req.end(Buffer.alloc(64 * 1024)));
    expect(tooLarge).toMatchObject({ status: 413, body: tooLargeBody });
    expect(tooLarge.headers).toMatchObject({
      'x-amzn-errortype': 'PayloadTooLargeException',
      'content-type': 'application/json',
      connection: 'keep-alive',
    });
    const next = await send(port, { method: 'POST', path: PATH, agent }, (req) => req.end('ok'));
    expect(next).toMatchObject({ status: 200, reusedSocket: true });
    expect(posted).toEqual(['ok']);
  });

  it('refuses a declared Content-Length past the drain limit at once, and closes', async () => {
    const port = await startServer(createRecordingApi().api, { maxDrainBytes: 1024 });
    const reply = await send(port, { method: 'POST', path: PATH, headers: { 'Content-Length': 1_000_000 } }, (req) =>
      req.flushHeaders(),
    );
    expect(reply).toMatchObject({ status: 413, body: tooLargeBody });
    expect(reply.headers).toMatchObject({ connection: 'close', 'x-amzn-errortype': 'PayloadTooLargeException' });
  });

  it('stops reading a chunked body past the drain limit, answers 413 and closes', async () => {
    const port = await startServer(createRecordingApi().api, { maxDrainBytes: 1024 });
    const reply = await send(port, { method: 'POST', path: PATH }, (req) => req.write(Buffer.alloc(2048)));
    expect(reply).toMatchObject({ status: 413, body: tooLargeBody });
    expect(reply.headers.connection).toBe('close');
  });

  it('answers the other errors even when the body is too large', async () => {
    const port = await startServer(createRecordingApi().api, { maxDrainBytes: 1024 });
    const reply = await send(port, { method: 'POST', path: `/prod/@connections/${LIVE}`, headers: { 'Content-Length': 5000 } }, (req) =>
      req.flushHeaders(),
    );
    expect(reply).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
  });

  it('survives a client that gives up halfway through the body', async () => {
    const { api, posted } = createRecordingApi();
    const port = await startServer(api);
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: PATH, headers: { 'Content-Length': 100 } });
      req.on('error', () => resolve());
      req.write('partial', () => setImmediate(() => req.destroy()));
    });
    const reply = await send(port, { method: 'POST', path: PATH }, (req) => req.end('after'));
    expect(reply.status).toBe(200);
    expect(posted).toEqual(['after']);
  });

  it('turns a throwing api into an AWS-shaped, non-retried error', async () => {
    const api: ManagementApi = {
      maxPayloadBytes: 8,
      matches: () => true,
      handle: () => {
        throw new Error('kaput');
      },
    };
    const port = await startServer(api);
    const reply = await send(port, { method: 'GET', path: PATH }, (req) => req.end());
    expect(reply).toMatchObject({
      status: 400,
      body: '{"message":"apigw-ws-local: the management API threw (kaput). This is an emulator bug."}',
    });
    expect(reply.headers).toMatchObject({ 'x-amzn-errortype': 'InternalServerErrorException', 'content-type': 'application/json' });
    expect(reply.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
