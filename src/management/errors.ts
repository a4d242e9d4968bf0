import type { ManagementResponse } from './types.js';

/**
 * The errors the `@connections` API sends, by the name that goes into `x-amzn-ErrorType`, with their HTTP
 * status (docs/aws-behaviour.md#errors-on-the-wire). SDK v3 picks the exception class from the header
 * alone; the status decides whether it retries, so none of these is a 5xx or a 429: each would fail the
 * same way again.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 */
export const WIRE_ERROR_STATUS = {
  /** Malformed connection id. Not in the service model, so the SDK throws its base exception class. */
  BadRequestException: 400,
  /** Path without the stage, or another stage. */
  ForbiddenException: 403,
  /** Under the stage, but no such route or method. Not in the model either. */
  NotFoundException: 404,
  /** The connection does not exist (any more), or its `$connect` is still running. */
  GoneException: 410,
  /** `Data` over 128 KiB. */
  PayloadTooLargeException: 413,
  /**
   * Throttling, only when a test injects it (`faults.throttleConnectionsApi`). The one retryable
   * answer here, on purpose: the SDK retries 429 as it does against AWS.
   */
  LimitExceededException: 429,
  /**
   * Our own bug (the connection store threw). AWS would send a 500, but the SDK retries 5xx three
   * times, repeating a POST or DELETE and burying the bug under retries; a 4xx fails at once with
   * the message that says what happened.
   */
  InternalServerErrorException: 400,
} as const;

/** A name from {@link WIRE_ERROR_STATUS}. */
export type WireErrorName = keyof typeof WIRE_ERROR_STATUS;

/**
 * Builds an AWS-shaped error response: the status for `name`, `x-amzn-ErrorType: name`,
 * `x-amzn-RequestId`, and a JSON `{"message": …}` body with `Content-Type: application/json`.
 * Without a message the body is empty and carries no Content-Type: that is how the real service
 * sends GoneException, and why SDK v3 reports its message as "UnknownError"
 * (docs/aws-behaviour.md#errors-on-the-wire).
 */
export function buildWireError(name: WireErrorName, message: string | undefined, requestId: string): ManagementResponse {
  const status = WIRE_ERROR_STATUS[name];
  if (message === undefined) {
    return { status, headers: { 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': name }, body: '' };
  }
  return {
    status,
    headers: { 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': name, 'Content-Type': 'application/json' },
    body: JSON.stringify({ message }),
  };
}

/**
 * The 404 API Gateway sends for a path under the stage that no route matches, with the path after
 * the stage as AWS prints it: decoded, no leading slash
 * (`No method found matching route production/@connections/CN5VTdWEDoECImg= for http method POST.`,
 * aws-sdk-php#3040; aws-samples/simple-websockets-chat-app#40).
 */
export function buildNoMethodError(route: string, method: string, requestId: string): ManagementResponse {
  return buildWireError('NotFoundException', `No method found matching route ${route} for http method ${method}.`, requestId);
}
