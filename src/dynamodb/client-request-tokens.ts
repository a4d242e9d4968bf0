import type { Clock } from '../util/clock.js';

/**
 * How long a TransactWriteItems `ClientRequestToken` is remembered after the request that used it
 * completed: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#DDB-TransactWriteItems-request-ClientRequestToken
 */
export const CLIENT_REQUEST_TOKEN_TTL_MS = 10 * 60 * 1000;

/** What a token says about a request: never seen (run it), seen with the same request (answer as before), or with another. */
export type TokenVerdict = 'new' | 'replay' | 'mismatch';

/**
 * The tokens of successful transactions of the last ten minutes of the emulator's clock, each with
 * a fingerprint of its request. Only successes are remembered: a cancelled transaction wrote
 * nothing, so running it again with the same token is safe.
 */
export class ClientRequestTokens {
  readonly #clock: Clock;
  readonly #tokens = new Map<string, { fingerprint: string; expiresAtMs: number }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  check(token: string, fingerprint: string): TokenVerdict {
    this.#forgetExpired();
    const seen = this.#tokens.get(token);
    if (seen === undefined) return 'new';
    return seen.fingerprint === fingerprint ? 'replay' : 'mismatch';
  }

  /** Remembers a token once its transaction succeeded. */
  remember(token: string, fingerprint: string): void {
    this.#tokens.set(token, { fingerprint, expiresAtMs: this.#clock.now() + CLIENT_REQUEST_TOKEN_TTL_MS });
  }

  #forgetExpired(): void {
    const now = this.#clock.now();
    for (const [token, { expiresAtMs }] of this.#tokens) if (expiresAtMs <= now) this.#tokens.delete(token);
  }
}

/** JSON with object keys sorted, so two encodings of one request compare equal. */
export function fingerprintRequest(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
