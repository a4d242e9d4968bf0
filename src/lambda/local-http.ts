import type { MessagePort } from 'node:worker_threads';

/**
 * In-process answers to HTTP requests that handler code sends to the emulator itself.
 *
 * Handler code calls `@connections` through the AWS SDK, which signs, serialises and sends a real
 * HTTP request over loopback; the emulator's server then parses it again. When the handler uses
 * the SDK we provide (the one Lambda's runtime would provide), the worker can skip the socket: the
 * request (method, path, headers, body) goes to the main thread over a MessagePort and the answer
 * comes back the same way. The SDK still does all its own work (middleware, signing, parsing the
 * response), and the main thread answers with the very function that answers the HTTP route, so
 * behaviour is identical; only the TCP round trip and HTTP parsing disappear. A handler that
 * bundles its own SDK copy, or any other HTTP client, simply goes over the network.
 */

/** A request as the in-process path carries it. */
export interface LocalHttpRequest {
  readonly method: string;
  /** Request target, already percent-encoded as the SDK sends it (path and query). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface LocalHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the main thread offers to answer in-process. */
export interface LocalHttpService {
  /** `host:port` pairs whose requests may be answered in-process, e.g. `127.0.0.1:3001`. */
  readonly authorities: readonly string[];
  /** Answers a request, or returns undefined when it is not the service's (then it goes over the network). */
  handle(request: LocalHttpRequest): LocalHttpResponse | undefined;
}

/**
 * A service in another thread (the embedded DynamoDB's worker) that answers the same calls over a
 * port of its own, so requests go from the Lambda worker straight to it.
 */
export interface LocalHttpPortService {
  /** `host:port` pairs whose requests go to this service, e.g. `127.0.0.1:41233`. */
  readonly authorities: readonly string[];
  /** A new port to the service, for one Lambda worker (transferred to it). */
  connect(): MessagePort;
}

/** Worker → main over the local-http port. */
export interface LocalHttpCall {
  readonly id: number;
  readonly request: LocalHttpRequest;
}

/** Main → worker: the answer, or `undefined` response for "use the network". */
export interface LocalHttpReply {
  readonly id: number;
  readonly response?: LocalHttpResponse;
}
