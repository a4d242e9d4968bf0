/**
 * The errors Lambda's Invoke operation answers with, by the name that goes into `x-amzn-ErrorType`,
 * with their HTTP status. The body is Lambda's own shape, `{"Type":"User","Message":"…"}` (SDK v3
 * reads `Message` or `message`).
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
 */
export const INVOKE_ERROR_STATUS = {
  /** The request body is not JSON. */
  InvalidRequestContentException: 400,
  /** A parameter (here: `X-Amz-Invocation-Type`, `X-Amz-Log-Type`) has a value Lambda does not know. */
  InvalidParameterValueException: 400,
  /** A web page of another origin (see origin-check.ts in management/). */
  ForbiddenException: 403,
  /** No such function. */
  ResourceNotFoundException: 404,
  /** The request body is over 6 MB. */
  RequestTooLargeException: 413,
} as const;

export type InvokeErrorName = keyof typeof INVOKE_ERROR_STATUS;

export interface InvokeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** `status`, `x-amzn-ErrorType: name`, `x-amzn-RequestId`, and `{"Type":"User","Message":…}`. */
export function buildInvokeError(name: InvokeErrorName, message: string, requestId: string): InvokeResponse {
  return {
    status: INVOKE_ERROR_STATUS[name],
    headers: { 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': name, 'Content-Type': 'application/json' },
    body: JSON.stringify({ Type: 'User', Message: message }),
  };
}
