/**
 * What the test client says when something goes wrong. All wording lives here, so the messages
 * stay consistent and tests can pin them exactly. A failed expectation in a test is read by a
 * person, so each message says what was expected, on which URL, and what happened instead.
 */

/** How a connection ended: the close code and reason, as `ws` reports them. */
export interface CloseInfo {
  /** The close code, e.g. 1000, 1001 "Going away", 1006 for a connection dropped without a close frame. */
  readonly code: number;
  /** The close reason ('' when the peer sent none). */
  readonly reason: string;
}

/** One frame as it arrived: text (a string) or binary (the bytes). */
export type Frame = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'binary'; readonly data: Buffer };

/**
 * The server answered the WebSocket upgrade with an HTTP status instead of `101 Switching
 * Protocols`, as API Gateway does when `$connect` refuses (403), fails (502) or is throttled
 * (429), or an authorizer denies (401/403).
 */
export class WebSocketRefusedError extends Error {
  /** The HTTP status of the refusal, e.g. 403. */
  readonly status: number;
  /** The response body as text, e.g. `{"message":"Forbidden"}` ('' when there was none). */
  readonly body: string;

  constructor(status: number, body: string) {
    super(`upgrade refused with HTTP ${status}${body === '' ? '' : `: ${truncate(body)}`}`);
    this.name = 'WebSocketRefusedError';
    this.status = status;
    this.body = body;
  }
}

// Long frames (a 128 KB payload) would bury the point of a message; the start is enough to recognise one.
const MAX_QUOTED_CHARS = 200;

function truncate(text: string): string {
  return text.length <= MAX_QUOTED_CHARS ? text : `${text.slice(0, MAX_QUOTED_CHARS)}… (${text.length} chars)`;
}

/** A string as a JSON literal, so empty strings, spaces and newlines are visible; shortened if long. */
export function quote(text: string): string {
  return truncate(JSON.stringify(text));
}

/** `1009 "Message too big"`, or just `1006` when there is no reason. */
export function formatClose({ code, reason }: CloseInfo): string {
  return reason === '' ? String(code) : `${code} ${quote(reason)}`;
}

/** A frame as a failure message shows it: text quoted, binary by size. */
export function formatFrame(frame: Frame): string {
  return frame.kind === 'text' ? quote(frame.text) : `<binary, ${frame.data.length} bytes>`;
}

function count(n: number, noun: string): string {
  return n === 0 ? `no ${noun}s` : `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The state part of a timeout message: `connection open; 2 frames received earlier, none pending`. */
export function formatState(state: string, receivedCount: number, pendingCount: number): string {
  const pending = pendingCount === 0 ? 'none' : String(pendingCount);
  return `connection ${state}; ${count(receivedCount, 'frame')} received earlier, ${pending} pending`;
}

/** Neither `101` nor a refusal came back in time. */
export function connectTimeoutError(url: string, timeoutMs: number): Error {
  return new Error(`no answer to the upgrade within ${timeoutMs} ms connecting to ${url}`);
}

/** The connection failed at the network or protocol level (refused port, bad handshake, wrong subprotocol). */
export function cannotConnectError(url: string, cause: Error): Error {
  return new Error(`cannot connect to ${url}: ${cause.message}`, { cause });
}

/** Nothing arrived before the wait's timeout. */
export function noMessageError(url: string, timeoutMs: number, state: string): Error {
  return new Error(`no message within ${timeoutMs} ms on ${url} (${state})`);
}

/** The connection closed while (or before) a test waited for a frame. */
export function closedWhileWaitingError(close: CloseInfo, kind: Frame['kind'], cause: Error | undefined): Error {
  const what = kind === 'text' ? 'a message' : 'a binary message';
  const because = cause === undefined ? '' : ` (error: ${cause.message})`;
  return new Error(`connection closed with ${formatClose(close)} while waiting for ${what}${because}`, { cause });
}

/** The next frame is of the other kind; it stays queued for the matching method. */
export function wrongKindError(url: string, frame: Frame): Error {
  return frame.kind === 'binary'
    ? new Error(`expected a text message on ${url}, but the next frame is binary (${frame.data.length} bytes): take it with nextBinary()`)
    : new Error(`expected a binary message on ${url}, but the next frame is text ${quote(frame.text)}: take it with nextMessage()`);
}

/** `expectNoMessage` saw frames. */
export function unexpectedMessagesError(url: string, ms: number, frames: readonly Frame[]): Error {
  return new Error(`expected no message for ${ms} ms on ${url}, got ${frames.length}: ${frames.map(formatFrame).join(', ')}`);
}

/** A frame that `nextJson` could not parse; the parse error is the cause, as its wording differs between Node versions. */
export function notJsonError(url: string, text: string, cause: unknown): Error {
  return new Error(`expected a JSON message on ${url}, got ${quote(text)}`, { cause });
}

/** `send` on a connection that is no longer open. */
export function notOpenError(url: string, close: CloseInfo | undefined): Error {
  const state = close === undefined ? 'closing' : `closed with ${formatClose(close)}`;
  return new Error(`cannot send on ${url}: the connection is ${state}`);
}

/** A timeout option out of range; names the option and what is accepted. */
export function invalidTimeoutError(option: string, value: unknown): RangeError {
  return new RangeError(`${option} must be a number of ms from 0 to ${MAX_TIMER_MS}, got ${String(value)}`);
}

/** Node clamps larger delays to 1 ms with a warning, which would turn a long wait into an instant failure. */
export const MAX_TIMER_MS = 2_147_483_647;
