/**
 * The first two steps of an upgrade, before `$connect` runs (gateway.ts runs `$connect` and
 * completes the handshake): refusing what API Gateway refuses before anything is invoked (URL
 * length, stage, a malformed handshake, the new-connection rate), then authenticating the caller
 * (`AWS_IAM`, a Lambda REQUEST authorizer). Each step answers a refusal on the socket itself.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { InvocationOutcome } from '../lambda/types.js';
import type { Logger } from '../log/logger.js';
import { abortHandshake, abortInvalidHandshake } from './abort-handshake.js';
import { runAuthorizer } from './authorizer.js';
import { checkHandshake } from './check-handshake.js';
import { checkIamUpgrade, formatAuthorizerRefusal } from './connect-checks.js';
import type { WebSocketConnectEvent } from './connect-event.js';
import type { ConnectionFacts } from './events.js';
import type { GatewayOptions } from './gateway-options.js';
import type { RateLimiter } from './rate-limiter.js';
import { normaliseIp } from './socket-facts.js';
import { parseStagePath } from './stage-path.js';

/** https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html */
const MAX_URL_LENGTH = 4096;
const TOO_MANY_REQUESTS_BODY = '{"message":"Too Many Requests"}';
const FORBIDDEN_BODY = '{"message":"Forbidden"}';
/** The authorizer runs under API Gateway's integration limit, 29 s, like any integration. */
const INTEGRATION_TIMEOUT_FOR_AUTHORIZER_MS = 29_000;

/** Refuses (and answers) what is refused before anything is invoked; otherwise the query string of the URL. */
export function refuseEarly(
  req: IncomingMessage,
  socket: Duplex,
  context: { readonly stage: string; readonly logger: Logger; readonly connectionRate: RateLimiter },
): { readonly query: string | undefined } | undefined {
  // "URL length: 4096 characters" (WebSocket quotas page): refused before anything is invoked.
  if ((req.url ?? '/').length > MAX_URL_LENGTH) return void abortHandshake(socket, 414, '{"message":"Request-URI Too Long"}');
  const target = parseStagePath(req.url ?? '/');
  if (!target || target.stage !== context.stage) return void abortHandshake(socket, 403, FORBIDDEN_BODY);
  const malformed = checkHandshake(req);
  if (malformed) {
    context.logger.info(`UPGRADE refused ${malformed.status} (${malformed.message}) from ${normaliseIp(req.socket.remoteAddress)}; nothing was invoked`);
    return void abortInvalidHandshake(socket, malformed.status, malformed.message, malformed.headers);
  }
  if (!context.connectionRate.tryAcquire()) return void abortHandshake(socket, 429, TOO_MANY_REQUESTS_BODY);
  return { query: target.query };
}

/** What authenticating needs of the gateway. */
export interface AuthenticateContext {
  readonly options: Pick<GatewayOptions, 'iam' | 'authorizer' | 'logger'>;
  /** Invokes the authorizer function (tracked by the gateway, so `closeAll` waits for it). */
  readonly invoke: (functionName: string, event: unknown, options: { deadlineMs: number; connectionId: string }) => Promise<InvocationOutcome>;
}

/**
 * `AWS_IAM` and the authorizer: the connection's facts with the caller's identity or the
 * authorizer's principal and context, or undefined when the upgrade was refused (and answered).
 */
export async function authenticateUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  facts: ConnectionFacts,
  buildEvent: (facts: ConnectionFacts) => WebSocketConnectEvent,
  { options, invoke }: AuthenticateContext,
): Promise<ConnectionFacts | undefined> {
  const { iam, authorizer, logger } = options;
  if (iam) {
    const checked = checkIamUpgrade(req, iam);
    if ('problem' in checked) {
      logger.info(`CONNECT refused 403 (AWS_IAM: ${checked.problem}) ${facts.connectionId}`);
      return void abortHandshake(socket, 403, JSON.stringify({ message: checked.problem }));
    }
    facts = { ...facts, iamIdentity: checked.identity };
  }
  if (!authorizer) return facts;
  const { connectionId } = facts;
  const call = (functionName: string, event: unknown) => invoke(functionName, event, { deadlineMs: INTEGRATION_TIMEOUT_FOR_AUTHORIZER_MS, connectionId });
  const authorized = await runAuthorizer(call, authorizer, buildEvent(facts), req.rawHeaders);
  if (socket.destroyed) return undefined;
  if (!authorized.allow) {
    if (authorized.problem) logger.error(`${authorized.problem} (connection ${connectionId})`);
    logger.info(formatAuthorizerRefusal(authorized.status, authorized.missingSource, connectionId));
    return void abortHandshake(socket, authorized.status, authorized.body);
  }
  // Every later event of the connection carries the authorizer's principal and context
  // (docs/aws-behaviour.md#authorizers).
  return { ...facts, authorizer: authorized.authorizer };
}
