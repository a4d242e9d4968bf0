import { randomBytes as cryptoRandomBytes } from 'node:crypto';

/** A source of random bytes, injectable so tests get fixed ids. Defaults to `crypto.randomBytes`. */
export type RandomBytes = (size: number) => Buffer;

/** Makes the ids API Gateway puts in WebSocket events (docs/aws-behaviour.md#ids-and-formats). */
export interface IdGenerator {
  /** A new `connectionId`, e.g. `BFHPhfCWIAMCKlQ=` (char 11 is `C`). */
  connectionId(): string;
  /** A new `messageId` for a MESSAGE event; same format as a connection id. */
  messageId(): string;
  /** A new `requestId` (also used as `extendedRequestId`), e.g. `BFHPhFe3IAMF95g=` (char 11 is `F`). */
  requestId(): string;
}

export interface IdGeneratorOptions {
  /** Milliseconds since the Unix epoch; the first 8 characters of every id encode it. */
  now: () => number;
  /** Random bytes; defaults to `crypto.randomBytes`. */
  randomBytes?: RandomBytes;
}

// Base64 alphabet indexes of the type letter that sits at char 11 (the low 6 bits of byte 8).
const CONNECTION_TYPE = 2; // 'C'
const REQUEST_TYPE = 5; // 'F'
// Chars 8-10 (18 bits) hold a per-generator counter, so ids made in the same millisecond differ.
const MAX_COUNTER = 2 ** 18 - 1;

/**
 * Creates a generator of connection, message and request ids in API Gateway's format
 * (docs/aws-behaviour.md#ids-and-formats): 16 chars, the URL-safe base64 of 11 bytes plus one `=`. Layout
 * (ours; AWS's is not documented): bytes 0-5 the time in ms (chars 0-7, so ids are time-ordered), then an
 * 18-bit counter and the 6-bit type letter (chars 8-11), then 16 random bits (chars 12-14). The (time,
 * counter) pair never repeats within one generator, even if the clock stands still or goes back; the random
 * bits keep two generators (two emulators) apart.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
 */
export function createIdGenerator(options: IdGeneratorOptions): IdGenerator {
  const { now } = options;
  const randomBytes = options.randomBytes ?? createPooledRandomBytes();
  let lastMs = -1;
  let counter = 0;

  function next(type: number): string {
    const ms = Math.floor(now());
    if (ms > lastMs) {
      lastMs = ms;
      counter = 0;
    } else if (counter === MAX_COUNTER) {
      // Out of counter values in this millisecond: borrow the next one rather than repeat an id.
      lastMs += 1;
      counter = 0;
    } else {
      counter += 1;
    }
    const bytes = Buffer.alloc(11);
    bytes.writeUIntBE(lastMs, 0, 6);
    bytes.writeUIntBE(counter * 64 + type, 6, 3);
    randomBytes(2).copy(bytes, 9, 0, 2);
    return `${bytes.toString('base64url')}=`;
  }

  return {
    connectionId: () => next(CONNECTION_TYPE),
    messageId: () => next(CONNECTION_TYPE),
    requestId: () => next(REQUEST_TYPE),
  };
}

const WELL_FORMED_ID = /^[A-Za-z0-9_-]{15}=$/;

/**
 * True when `id` has the shape of an API Gateway connection id (15 URL-safe base64 chars and `=`).
 * The `@connections` API answers 400 "Invalid connectionId" to ids that fail this, and 410 to
 * well-formed ids it does not know (docs/aws-behaviour.md#errors-on-the-wire).
 */
export function isWellFormedConnectionId(id: string): boolean {
  return WELL_FORMED_ID.test(id);
}

const API_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random API id: 10 chars of `[a-z0-9]`, e.g. `dl7ptocha9` (docs/aws-behaviour.md#ids-and-formats).
 * The modulo bias (256 is not a multiple of 36) is harmless: the id is a name, not a secret.
 */
export function generateApiId(randomBytes: RandomBytes = cryptoRandomBytes): string {
  let id = '';
  for (const byte of randomBytes(10)) id += API_ID_ALPHABET[byte % API_ID_ALPHABET.length];
  return id;
}

/**
 * The `X-Amzn-Trace-Id` header API Gateway adds to the CONNECT event
 * (docs/aws-behaviour.md#ids-and-formats): `Root=1-{epoch seconds, 8 hex}-{96 random bits, 24 hex}`, the
 * X-Ray trace id format.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html#xray-api-traceids
 */
export function generateTraceId(epochMs: number, randomBytes: RandomBytes = cryptoRandomBytes): string {
  const seconds = Math.floor(epochMs / 1000).toString(16).padStart(8, '0');
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')}`;
}

/** Bytes fetched from the system at once: ids are made per message, and each crypto call costs ~20 µs. */
const RANDOM_POOL_BYTES = 4096;

/** `crypto.randomBytes`, drawn from a pool refilled 4 KiB at a time (one pool per caller, no shared state). */
export function createPooledRandomBytes(): RandomBytes {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return (size) => {
    if (offset + size > pool.length) {
      pool = cryptoRandomBytes(Math.max(RANDOM_POOL_BYTES, size));
      offset = 0;
    }
    offset += size;
    return pool.subarray(offset - size, offset);
  };
}
