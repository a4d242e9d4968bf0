/** What the gateway is built from (see gateway.ts). */
import type { InvocationOutcome, LambdaRuntime } from '../lambda/types.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../util/clock.js';
import type { IdGenerator, RandomBytes } from '../util/ids.js';
import type { SigningCredentials } from '../util/sigv4-verify.js';
import type { AuthorizerTarget } from './authorizer.js';
import type { CloseCause } from './connection.js';
import type { ApiFacts, ConnectionFacts } from './events.js';
import type { SelectionExpression } from './route-selection.js';

/** The integration behind one route key. */
export interface RouteTarget {
  readonly functionName: string;
  /** True when the route has a `$default` route response (two-way): the result's body is sent back. */
  readonly routeResponse: boolean;
  /** API Gateway's integration timeout for this route, ms (default 29000). */
  readonly integrationTimeoutMs: number;
}

export interface GatewayLimits {
  /** Largest message accepted; larger ones close the connection with 1009 (AWS: 128 KB). */
  readonly maxMessageBytes: number;
  /** Close after this long without a data message in either direction (AWS: 10 min). */
  readonly idleTimeoutMs: number;
  /** Close this long after connecting, whatever the activity (AWS: 2 h). */
  readonly maxConnectionDurationMs: number;
  /** Largest frame a client may send; a larger one closes the connection with 1009 (AWS: 32 KB). */
  readonly maxFrameBytes: number;
  /** `reject` (AWS's documented behaviour): a binary frame closes with 1003. `accept`: passed base64-encoded. */
  readonly binaryFrames: 'reject' | 'accept';
  /** New connections accepted per second; more are refused with 429 (AWS: 500 per account and region). Off when undefined. */
  readonly maxNewConnectionsPerSecond?: number;
  /**
   * Messages one connection may send per second (a token bucket holding one second's worth); more get
   * a `Too Many Requests` error frame and invoke nothing. Off when undefined: AWS has no per-connection
   * quota; its WebSocket quotas table lists none, and its message throttling is per account (10,000 RPS,
   * burst 5,000) or per stage and route (docs/aws-behaviour.md#quotas):
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
   */
  readonly maxMessagesPerSecondPerConnection?: number;
}

export interface AuthorizerOptions extends AuthorizerTarget {
  /** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect` */
  readonly methodArn: string;
}

export interface GatewayOptions {
  readonly api: ApiFacts;
  readonly routes: ReadonlyMap<string, RouteTarget>;
  readonly selectionExpression: SelectionExpression;
  readonly runtime: Pick<LambdaRuntime, 'invoke'>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly limits: GatewayLimits;
  /** True for connections `@connections` must treat as gone while their socket stays open (fault injection). */
  readonly isStale?: (connectionId: string) => boolean;
  /** `AWS_IAM` on `$connect`: upgrades must be SigV4-signed with these credentials. */
  readonly iam?: { readonly credentials: SigningCredentials; readonly accountId: string };
  /** A Lambda REQUEST authorizer on `$connect`, with the method ARN it is asked about. */
  readonly authorizer?: AuthorizerOptions;
  /** Returns true to skip this connection's `$disconnect` (fault injection: it is best-effort on AWS). */
  readonly dropDisconnect?: (connectionId: string) => boolean;
  /** Random bytes for trace ids (seeded in tests). Default: crypto. */
  readonly randomBytes?: RandomBytes;
  /** Told about every finished invocation (the emulator's invocation log for tests). */
  readonly onInvocation?: (invocation: { routeKey: string; functionName: string; connectionId: string; event: unknown; outcome: InvocationOutcome }) => void;
  /** Told about every connection once it is established (after `$connect`, with the 101). */
  readonly onConnectionOpened?: (facts: ConnectionFacts, lastActiveAt: number) => void;
  /** Told about every established connection once it closed, with the cause `$disconnect` reports. */
  readonly onConnectionClosed?: (connectionId: string, cause: CloseCause) => void;
}
