import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageChannel } from 'node:worker_threads';
import {
  ApiGatewayManagementApiClient,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterEach, describe, expect, it } from 'vitest';
import { installLocalHttpClient } from '../../../src/lambda/local-http-client.js';
import type { LocalHttpCall, LocalHttpReply, LocalHttpResponse } from '../../../src/lambda/local-http.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

function serveInProcess(answer: (call: LocalHttpCall) => LocalHttpReply['response']) {
  const { port1, port2 } = new MessageChannel();
  const calls: LocalHttpCall[] = [];
  port1.on('message', (call: LocalHttpCall) => {
    calls.push(call);
    port1.postMessage({ id: call.id, response: answer(call) } satisfies LocalHttpReply);
  });
  cleanups.push(() => port1.close());
  return { port: port2, calls };
}

describe('installLocalHttpClient', () => {
  it('answers SDK requests to the listed host:port over the port, with the exact request', async () => {
    const { port, calls } = serveInProcess(() => ({ status: 200, headers: { 'x-amzn-RequestId': 'req-1' }, body: '' }));
    const uninstall = installLocalHttpClient(port, ['127.0.0.1:1']);
    expect(uninstall).toBeTypeOf('function');
    cleanups.push(() => uninstall?.());
    const sdk = new ApiGatewayManagementApiClient({ endpoint: 'http://127.0.0.1:1/dev', region: 'us-east-1', credentials });
    const result = await sdk.send(new PostToConnectionCommand({ ConnectionId: 'ab+c/d=', Data: 'héllo' }));
    expect(result.$metadata).toMatchObject({ httpStatusCode: 200, requestId: 'req-1' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.request.method).toBe('POST');
    expect(calls[0]?.request.path).toBe('/dev/@connections/ab%2Bc%2Fd%3D');
    expect(Buffer.from(calls[0]?.request.body ?? []).toString()).toBe('héllo');
    expect(calls[0]?.request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCAL\//);
  });

  it('turns AWS wire errors into the SDK exceptions, and JSON bodies into outputs', async () => {
    const { port } = serveInProcess((call): LocalHttpResponse =>
      call.request.method === 'GET'
        ? { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"connectedAt":"2026-11-25T20:00:00.000Z","identity":{"sourceIp":"127.0.0.1"},"lastActiveAt":"2026-11-25T20:00:01.000Z"}' }
        : { status: 410, headers: { 'x-amzn-ErrorType': 'GoneException' }, body: '' },
    );
    const uninstall = installLocalHttpClient(port, ['127.0.0.1:1']);
    cleanups.push(() => uninstall?.());
    const sdk = new ApiGatewayManagementApiClient({ endpoint: 'http://127.0.0.1:1/dev', region: 'us-east-1', credentials });
    const info = await sdk.send(new GetConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=' }));
    expect(info.ConnectedAt).toEqual(new Date('2026-11-25T20:00:00.000Z'));
    expect(info.Identity).toEqual({ SourceIp: '127.0.0.1' });
    const error = await sdk.send(new PostToConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=', Data: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoneException);
    expect((error as GoneException).message).toBe('UnknownError');
  });

  it('leaves other hosts, and requests the service declines, on the network', async () => {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'x-amzn-RequestId': 'from-network' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    const networkPort = (server.address() as AddressInfo).port;
    const { port, calls } = serveInProcess(() => undefined);
    const uninstall = installLocalHttpClient(port, [`127.0.0.1:${networkPort}`]);
    cleanups.push(() => uninstall?.());
    const declined = new ApiGatewayManagementApiClient({ endpoint: `http://127.0.0.1:${networkPort}/dev`, region: 'us-east-1', credentials });
    const viaNetwork = await declined.send(new PostToConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=', Data: 'x' }));
    expect(viaNetwork.$metadata.requestId).toBe('from-network');
    expect(calls).toHaveLength(1);
    const other = new ApiGatewayManagementApiClient({ endpoint: `http://localhost:${networkPort}/dev`, region: 'us-east-1', credentials });
    const direct = await other.send(new PostToConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=', Data: 'x' }));
    expect(direct.$metadata.requestId).toBe('from-network');
    expect(calls).toHaveLength(1);
  });
});
