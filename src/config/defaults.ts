/**
 * AWS's own values, used as defaults. Each cites the page it comes from.
 */

/** https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html */
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
/** Same page: "Connection duration for WebSocket APIs: 2 hours". */
export const MAX_CONNECTION_DURATION_MS = 2 * 60 * 60 * 1000;
/** Same page: "WebSocket frame size: 32 KB"; larger frames close the connection with 1009. */
export const MAX_FRAME_BYTES = 32 * 1024;
/** Same page: "Message payload size: 128 KB"; larger messages close the connection with 1009. */
export const MAX_MESSAGE_BYTES = 128 * 1024;
/** Same page: "Integration timeout: 50 milliseconds - 29 seconds". */
export const INTEGRATION_TIMEOUT_MS = 29_000;
/** Same page: "New connections per second per account (across all WebSocket APIs) per Region: 500". */
export const MAX_NEW_CONNECTIONS_PER_SECOND = 500;
export const MIN_INTEGRATION_TIMEOUT_MS = 50;

/** https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html: default 3 s, maximum 900 s. */
export const FUNCTION_TIMEOUT_MS = 3_000;
export const MAX_FUNCTION_TIMEOUT_MS = 900_000;
/** https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html: default 128 MB, 128-10240. */
export const MEMORY_SIZE_MB = 128;

export const DEFAULT_PORT = 3001;
/** Loopback only by default: `@connections` lets anyone who reaches the port post to and close any connection. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_STAGE = 'local';
export const DEFAULT_REGION = 'us-east-1';
/** The account id AWS uses in its documentation examples. */
export const DEFAULT_ACCOUNT_ID = '123456789012';
/** https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-selection-expressions.html */
export const DEFAULT_ROUTE_SELECTION_EXPRESSION = '$request.body.action';
/**
 * Execution environments a function may run at once before invocations queue (our default, not
 * AWS's account concurrency). Two show what state in global variables does, as on AWS; more only
 * compete for the same cores (benchmark, echo through the SDK, 10 clients: 2 → ~890 messages/s,
 * 4 → ~600-790).
 */
export const MAX_ENVIRONMENTS_PER_FUNCTION = 2;
/**
 * Execution environments alive at once across all functions; idle ones are ended first to make
 * room. Each worker environment with the AWS SDK loaded costs about 30 MiB RSS under load.
 */
export const MAX_ENVIRONMENTS = 6;
