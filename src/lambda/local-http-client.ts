/**
 * Worker side of local-http.ts: wraps `NodeHttpHandler.prototype.handle` of the SDK copy we
 * provide (`@smithy/node-http-handler`, resolved from this package) so that requests to the
 * emulator's own host:port are answered over a MessagePort instead of a socket.
 * Nothing else is touched: other hosts, other HTTP clients and SDK copies a handler bundles itself
 * keep using the network.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import type { LocalHttpCall, LocalHttpReply, LocalHttpResponse } from './local-http.js';

interface SdkHttpRequest {
  method: string;
  protocol?: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
}

type Handle = (this: unknown, request: SdkHttpRequest, options?: { abortSignal?: { aborted?: boolean } }) => Promise<{ response: unknown }>;

/**
 * Installs the in-process path in this thread. Returns a function that removes it again, or
 * undefined when our SDK copy cannot be found (then every request uses the network).
 */
export function installLocalHttpClient(port: MessagePort, authorities: readonly string[]): (() => void) | undefined {
  let handlerModule: { NodeHttpHandler?: { prototype: { handle: Handle } } };
  try {
    handlerModule = createRequire(import.meta.url)('@smithy/node-http-handler') as typeof handlerModule;
  } catch {
    return undefined;
  }
  const prototype = handlerModule.NodeHttpHandler?.prototype;
  if (!prototype || typeof prototype.handle !== 'function') return undefined;
  const original = prototype.handle;
  const targets = new Set(authorities);
  const pending = new Map<number, (response: LocalHttpResponse | undefined) => void>();
  let nextId = 0;
  port.on('message', (reply: LocalHttpReply) => {
    const settle = pending.get(reply.id);
    pending.delete(reply.id);
    settle?.(reply.response);
  });
  // The port must not keep the thread alive, nor count as the handler's own pending work.
  port.unref();

  prototype.handle = function (this: unknown, request, options) {
    const body = toBytes(request.body);
    const defaultPort = request.protocol === 'https:' ? 443 : 80;
    const isOurs =
      body !== undefined &&
      targets.has(`${request.hostname}:${request.port ?? defaultPort}`) &&
      (request.query === undefined || Object.keys(request.query).length === 0) &&
      options?.abortSignal?.aborted !== true;
    if (!isOurs) return original.call(this, request, options);
    const id = nextId++;
    const call: LocalHttpCall = { id, request: { method: request.method, path: request.path, headers: request.headers, body } };
    return new Promise<LocalHttpResponse | undefined>((resolve) => {
      pending.set(id, resolve);
      port.postMessage(call);
    }).then((response) => {
      if (response === undefined) return original.call(this, request, options);
      return { response: toSdkResponse(response) };
    });
  };
  return () => {
    prototype.handle = original;
  };
}

function toBytes(body: unknown): Uint8Array | undefined {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  return undefined; // a stream or something else: let the real handler send it
}

/** The shape NodeHttpHandler resolves with: an HttpResponse whose body is a Node Readable. */
function toSdkResponse(response: LocalHttpResponse) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = value;
  return {
    statusCode: response.status,
    reason: undefined,
    headers,
    body: Readable.from(response.body === '' ? [] : [Buffer.from(response.body)]),
  };
}
