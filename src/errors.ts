/**
 * One error class for everything the emulator reports to the developer, with a stable `code`.
 * Modelled on Miniflare's `MiniflareCoreError`: the `name` shows the code, so a stack trace
 * already says which kind of problem it is. Codes are documented in docs/errors.md (code | when | how to fix); a test keeps it complete.
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
  /** The worker running the embedded DynamoDB ended unexpectedly; its endpoint no longer answers. */
  | 'ERR_DYNAMODB_CRASHED'
  /** A testing method needs an option the emulator was not created with (e.g. `recordInvocations`). */
  | 'ERR_NOT_ENABLED';

export class EmulatorError extends Error {
  readonly code: EmulatorErrorCode;
  /**
   * What went wrong, one item per problem, each possibly of several lines (a module's load error
   * with Node's "Require stack:"): the items of the message's list, or the message itself.
   */
  readonly problems: readonly string[];

  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown; problems?: readonly string[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = `EmulatorError [${code}]`;
    this.problems = Object.freeze([...(options?.problems ?? [message])]);
  }
}

/**
 * An error naming every problem: `heading (N problems):` then one `  - item` per problem, the
 * item's further lines indented under it, so a multi-line problem stays one item.
 */
export function createProblemsError(code: EmulatorErrorCode, heading: string, problems: readonly string[]): EmulatorError {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return new EmulatorError(code, `${heading} (${count}):\n${formatProblemList(problems)}`, { problems });
}

/** `  - item` per problem; an item's further lines are indented by four spaces, under its text. */
export function formatProblemList(problems: readonly string[]): string {
  return problems.map((problem) => `  - ${problem.split('\n').join('\n    ')}`).join('\n');
}

/** True for errors the developer caused (bad options, missing handler), as opposed to our own bugs. */
export function isEmulatorError(error: unknown): error is EmulatorError {
  return error instanceof EmulatorError;
}
