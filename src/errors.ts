/**
 * One error class for everything the emulator reports to the developer, with a stable `code`.
 * Modelled on Miniflare's `MiniflareCoreError`: the `name` shows the code, so a stack trace
 * already says which kind of problem it is. Codes are documented in the README (Code | When | Fix).
 */
export type EmulatorErrorCode =
  /** Options or configuration are invalid; the message lists every problem. */
  | 'ERR_INVALID_OPTIONS'
  /** A handler file cannot be found or has no such export. */
  | 'ERR_HANDLER_NOT_FOUND'
  /** The port is in use or cannot be bound. */
  | 'ERR_LISTEN'
  /** A method was called after `dispose()`. */
  | 'ERR_DISPOSED'
  /** A method was called before `start()` resolved. */
  | 'ERR_NOT_STARTED'
  /** A test helper waited in vain (`waitForInvocation`, `waitForDisconnect`). */
  | 'ERR_TIMEOUT'
  /** A testing method needs an option the emulator was not created with (e.g. `recordInvocations`). */
  | 'ERR_NOT_ENABLED';

export class EmulatorError extends Error {
  readonly code: EmulatorErrorCode;

  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = `EmulatorError [${code}]`;
  }
}

/** True for errors the developer caused (bad options, missing handler), as opposed to our own bugs. */
export function isEmulatorError(error: unknown): error is EmulatorError {
  return error instanceof EmulatorError;
}
