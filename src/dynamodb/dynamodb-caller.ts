/**
 * One DynamoDB API call in the JSON protocol, as the parts of this module need it (table
 * creation, the TTL sweeper, the TTL interceptor's table check). Two implementations:
 * `createLocalCaller` (raw HTTP to the embedded dynalite, no SDK loaded) and `createSdkCaller`
 * (the AWS SDK, for an external endpoint that checks signatures).
 */
export interface DynamoDbCaller {
  /** Calls `operation` (e.g. `'DescribeTable'`) and resolves with the parsed response body. */
  call<T = Record<string, unknown>>(operation: string, input: object): Promise<T>;
  /** Frees the connections; calls after this fail. */
  close(): void;
}

/**
 * An error DynamoDB answered. `name` is the short type, as the SDK names its errors
 * (`'ResourceInUseException'`); `type` keeps the full wire value for re-sending it unchanged.
 */
export class DynamoDbServiceError extends Error {
  readonly type: string;
  readonly statusCode: number;

  constructor(type: string, message: string, statusCode: number) {
    super(message);
    this.type = type;
    this.statusCode = statusCode;
    this.name = type.slice(type.lastIndexOf('#') + 1);
  }
}

/** The short error name of anything a caller threw (`ResourceNotFoundException`, `Error`, ...). */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
