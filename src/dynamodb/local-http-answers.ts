/**
 * DynamoDB requests from Lambda workers answered without a socket (the idea of
 * src/lambda/local-http.ts, applied to DynamoDB): the SDK we provide to handlers sends each request
 * over a MessagePort straight to this worker, which runs it through the same request listener its
 * HTTP server uses (interceptor, then dynalite) with a request and a response held in memory. The
 * SDK still signs, serialises and parses; only the TCP round trip and HTTP parsing disappear.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import type { LocalHttpCall, LocalHttpReply, LocalHttpRequest, LocalHttpResponse } from '../lambda/local-http.js';

/** Answers every call arriving on `port` with `listener`, until the port closes. */
export function answerLocalHttp(port: MessagePort, listener: RequestListener): void {
  port.on('message', (call: LocalHttpCall) => {
    exchange(listener, call.request).then(
      (response) => port.postMessage({ id: call.id, response } satisfies LocalHttpReply),
      // No answer: the SDK sends this request over the network instead.
      () => port.postMessage({ id: call.id } satisfies LocalHttpReply),
    );
  });
}

/** Runs one request through `listener` and resolves with what it wrote. */
export function exchange(listener: RequestListener, request: LocalHttpRequest): Promise<LocalHttpResponse> {
  const incoming = Object.assign(Readable.from(request.body.byteLength === 0 ? [] : [Buffer.from(request.body)]), {
    method: request.method,
    url: request.path,
    headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])),
  });
  const response = new MemoryResponse();
  return new Promise((resolve, reject) => {
    response.once('finish', () => resolve({ status: response.statusCode, headers: response.headers, body: response.body }));
    try {
      listener(incoming as unknown as IncomingMessage, response as unknown as ServerResponse);
    } catch (error) {
      reject(error);
    }
  });
}

/** The part of `ServerResponse` that dynalite and the interceptor use, kept in memory. */
class MemoryResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  readonly headers: Record<string, string> = {};
  #chunks: Buffer[] = [];

  setHeader(name: string, value: string | number): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  getHeader(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }

  writeHead(statusCode: number, headers: Record<string, string | number> = {}): this {
    this.statusCode = statusCode;
    for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
    this.headersSent = true;
    return this;
  }

  write(chunk: string | Buffer): boolean {
    this.headersSent = true;
    this.#chunks.push(Buffer.from(chunk));
    return true;
  }

  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) this.write(chunk);
    this.headersSent = true;
    this.emit('finish');
    this.emit('close');
    return this;
  }

  get body(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}
