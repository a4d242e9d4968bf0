/**
 * A WebSocket client for users' own test suites (vitest, Jest, node:test: nothing here knows the
 * runner), in the spirit of what Miniflare gives Workers developers: connect, send, await the
 * next message with a timeout that explains itself, and tear down with `await using`.
 *
 * Timers: every wait uses the real `setTimeout`/`clearTimeout` captured when this module loads,
 * so a test that fakes timers (`vi.useFakeTimers()`, Jest's modern timers) still gets timeouts
 * that fire. Import this module before faking timers (a static import always is).
 */
import WebSocket from 'ws';
import type { IncomingMessage } from 'node:http';
import { FrameQueue } from './frame-queue.js';
import {
  cannotConnectError, connectTimeoutError, invalidTimeoutError, MAX_TIMER_MS, notJsonError, notOpenError,
  unexpectedMessagesError, WebSocketRefusedError,
} from './ws-test-client-errors.js';
import type { CloseInfo } from './ws-test-client-errors.js';

export { WebSocketRefusedError } from './ws-test-client-errors.js';
export type { CloseInfo } from './ws-test-client-errors.js';

// Captured before any test can replace them with fakes; see the module comment.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** Default for the connect timeout and for `nextMessage`/`nextJson`/`nextBinary`, in ms. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Default window of `expectNoMessage`, in ms of real time. */
export const DEFAULT_QUIET_MS = 100;
// How long `close()` waits for the server's close frame before dropping the socket. ws has its
// own 30 s timer, but it runs on the global timers, which a test may have faked.
const CLOSE_HANDSHAKE_TIMEOUT_MS = 5000;

/** Options of {@link connectTestClient}. */
export interface ConnectOptions {
  /** Query string parameters appended to the URL; an array repeats the key (`multiValueQueryStringParameters`). */
  query?: Record<string, string | string[]>;
  /** Extra request headers of the upgrade, e.g. `Authorization`. */
  headers?: Record<string, string>;
  /** Subprotocols offered in `Sec-WebSocket-Protocol`; the one the server picks is `TestClient.protocol`. */
  protocols?: string | string[];
  /** Fail if the upgrade is neither accepted nor refused within this many ms (real time). Default 5000. */
  timeoutMs?: number;
}

/** Options of the `next*` waits. */
export interface WaitOptions {
  /** Fail if no frame arrives within this many ms (real time). Default 5000; 0 takes only a frame already pending. */
  timeoutMs?: number;
}

function checkTimeout(option: string, value: number | undefined, fallback: number): number {
  const ms = value ?? fallback;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_TIMER_MS) throw invalidTimeoutError(option, value);
  return ms;
}

function buildUrl(url: string, query: ConnectOptions['query']): string {
  if (query === undefined) return url;
  const target = new URL(url);
  for (const [key, values] of Object.entries(query)) {
    for (const value of Array.isArray(values) ? values : [values]) target.searchParams.append(key, value);
  }
  return target.toString();
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    // A refusing server may drop the socket right after the status; keep whatever body arrived.
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', done).once('close', done).once('error', done);
  });
}

/**
 * Opens a WebSocket connection to `url` and resolves once it is open.
 * Rejects with {@link WebSocketRefusedError} when the upgrade gets an HTTP status instead (its
 * message is e.g. `upgrade refused with HTTP 403: {"message":"Forbidden"}`), and with an Error
 * naming the URL when the network fails or nothing answers within `timeoutMs`.
 */
export async function connectTestClient(url: string, options: ConnectOptions = {}): Promise<TestClient> {
  const timeoutMs = checkTimeout('connectTestClient: options.timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const target = buildUrl(url, options.query);
  const socket = new WebSocket(target, options.protocols ?? [], { headers: options.headers });
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      realClearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    const timer = realSetTimeout(() => fail(connectTimeoutError(target, timeoutMs)), timeoutMs);
    // Stays attached after a failure: terminate() while connecting emits one more 'error'.
    const onError = (error: Error) => fail(cannotConnectError(target, error));
    socket.on('error', onError);
    // With this listener ws leaves the refused response to us instead of failing with a bare status.
    socket.once('unexpected-response', (_request, response) => {
      void readBody(response).then((body) => fail(new WebSocketRefusedError(response.statusCode ?? 0, body)));
    });
    socket.once('open', () => {
      settled = true;
      realClearTimeout(timer);
      // Created in this same tick, before ws can deliver a frame, so none is missed.
      const client = new TestClient(socket, target);
      socket.off('error', onError);
      resolve(client);
    });
  });
}

/** An open connection made by {@link connectTestClient}, with every frame queued in arrival order. */
export class TestClient implements AsyncDisposable {
  /** The URL connected to, query included. */
  readonly url: string;
  /** The subprotocol the server selected ('' if none). */
  readonly protocol: string;
  /** How the connection ended (server close, `close()`, network drop as 1006). Never rejects. */
  readonly closed: Promise<CloseInfo>;
  readonly #socket: WebSocket;
  readonly #queue: FrameQueue;
  #closeInfo: CloseInfo | undefined;
  #lastError: Error | undefined;

  /** Wraps an open `ws` socket; use {@link connectTestClient} rather than calling this. */
  constructor(socket: WebSocket, url: string) {
    this.#socket = socket;
    this.url = url;
    this.protocol = socket.protocol;
    this.#queue = new FrameQueue({
      url,
      timers: { setTimeout: realSetTimeout, clearTimeout: realClearTimeout },
      connectionState: () => (socket.readyState === WebSocket.OPEN ? 'open' : 'closing'),
    });
    socket.on('message', (data, isBinary) => {
      // Default binaryType 'nodebuffer' gives one Buffer; the other shapes only satisfy the types.
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Uint8Array);
      this.#queue.push(isBinary ? { kind: 'binary', data: bytes } : { kind: 'text', text: bytes.toString('utf8') });
    });
    // ws emits 'error' and then 'close' (e.g. a frame over maxPayload); without a listener the
    // error would crash the test process. Kept to explain the close to a waiting test.
    socket.on('error', (error) => (this.#lastError = error));
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        const info = { code, reason: reason.toString('utf8') };
        this.#closeInfo = info;
        this.#queue.end(info, this.#lastError);
        resolve(info);
      });
    });
  }

  /** Every text frame received so far, in order, whether taken or not. */
  get received(): readonly string[] {
    return [...this.#queue.receivedText];
  }

  /** Text frames received and not yet taken. Binary frames wait in the same queue but are not listed. */
  get pending(): readonly string[] {
    return this.#queue.frames.flatMap((frame) => (frame.kind === 'text' ? [frame.text] : []));
  }

  /** Whether the connection is open: false once this client started the close handshake or got the server's close frame. */
  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /** Sends a text frame; an object is sent as its JSON. Throws if the connection is not open. */
  send(message: string | object): void {
    if (ArrayBuffer.isView(message) || message instanceof ArrayBuffer) {
      throw new TypeError('send() takes a string or an object to send as JSON; use sendBinary() for bytes');
    }
    this.#checkOpen();
    this.#socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Sends a binary frame. Throws if the connection is not open. */
  sendBinary(data: Uint8Array): void {
    this.#checkOpen();
    this.#socket.send(data, { binary: true });
  }

  /**
   * Sends a ping control frame (the server answers with a pong, which `ws` handles). On AWS a ping
   * is not activity: it does not hold off the 10-minute idle timeout (docs/aws-behaviour.md#frames).
   * Throws if the connection is not open.
   */
  ping(): void {
    this.#checkOpen();
    this.#socket.ping();
  }

  /**
   * The next text frame, in arrival order. Fails after `timeoutMs` (default 5000, real time)
   * saying what did arrive; at once if the connection closes first or the next frame is binary.
   */
  async nextMessage(options: WaitOptions = {}): Promise<string> {
    const timeoutMs = checkTimeout('nextMessage: options.timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
    return (await this.#queue.take('text', timeoutMs)).text;
  }

  /** The next text frame parsed as JSON; a frame that is not JSON fails quoting it (and is consumed). */
  async nextJson<T = unknown>(options: WaitOptions = {}): Promise<T> {
    const text = await this.nextMessage(options);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw notJsonError(this.url, text, error);
    }
  }

  /** The next frame as bytes; fails at once if the next frame is text, as `nextMessage` does for binary. */
  async nextBinary(options: WaitOptions = {}): Promise<Buffer> {
    const timeoutMs = checkTimeout('nextBinary: options.timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
    return (await this.#queue.take('binary', timeoutMs)).data;
  }

  /**
   * Waits `ms` (default 100) of REAL time, even under fake timers, then fails listing every
   * frame pending by then, which stay queued. A close during the wait is not a message: it passes.
   */
  async expectNoMessage(ms: number = DEFAULT_QUIET_MS): Promise<void> {
    checkTimeout('expectNoMessage: ms', ms, DEFAULT_QUIET_MS);
    await new Promise((resolve) => realSetTimeout(resolve, ms));
    const frames = this.#queue.frames;
    if (frames.length > 0) throw unexpectedMessagesError(this.url, ms, frames);
  }

  /**
   * Starts the close handshake (code and reason as `ws` validates them) and resolves with what the
   * server answered; if it never answers, drops the socket after 5 s and resolves with 1006.
   */
  async close(code?: number, reason?: string): Promise<CloseInfo> {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.close(code, reason);
    const timer = realSetTimeout(() => this.#socket.terminate(), CLOSE_HANDSHAKE_TIMEOUT_MS);
    try {
      return await this.closed;
    } finally {
      realClearTimeout(timer);
    }
  }

  /** Drops the TCP connection without a close frame; the server sees 1006. */
  terminate(): void {
    this.#socket.terminate();
  }

  /** Closes the connection if it is still open, for `await using client = await connectTestClient(url)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #checkOpen(): void {
    if (this.#socket.readyState !== WebSocket.OPEN) throw notOpenError(this.url, this.#closeInfo);
  }
}
