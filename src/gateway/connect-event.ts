import { buildRequestContext, buildStageVariables } from './request-context.js';
import type { ApiFacts, ConnectionFacts, WebSocketRequestContext } from './request-context.js';

/**
 * The Lambda proxy event of the `$connect` route (docs/aws-behaviour.md#event-shapes). Keys in AWS's order.
 */
export interface WebSocketConnectEvent {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  /** Only when the URL has a query string (absent, not `{}`, otherwise). */
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  stageVariables?: Record<string, string>;
  requestContext: WebSocketRequestContext;
  isBase64Encoded: boolean;
}

export interface ConnectEventInput {
  readonly api: ApiFacts;
  readonly connection: ConnectionFacts;
  readonly requestId: string;
  /** Epoch ms; AWS's is `connectedAt` plus a few ms (docs/aws-behaviour.md#request-context). */
  readonly requestTimeEpoch: number;
  /** Node's `req.rawHeaders`: `[name, value, name, value, ...]` in the client's casing and order. */
  readonly rawHeaders: readonly string[];
  /** The raw query string without `?`, or `undefined` when the URL has none. */
  readonly query?: string | undefined;
  /** The `X-Amzn-Trace-Id` value to add, from `generateTraceId`. */
  readonly traceId: string;
}

// Hop-by-hop headers of the upgrade: API Gateway keeps them out of the integration event
// (docs/aws-behaviour.md#headers-in-events).
const DROPPED_HEADERS = new Set(['connection', 'upgrade']);
// Headers API Gateway sets itself; a client's own copies are replaced (X-Forwarded-For: appended to).
const GATEWAY_HEADERS = new Set(['x-amzn-trace-id', 'x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']);

function toMaps(entries: readonly (readonly [string, readonly string[]])[]) {
  // Object.fromEntries defines own properties, so a key named `__proto__` stays a plain key.
  return {
    single: Object.fromEntries(entries.map(([name, values]) => [name, values.at(-1) ?? ''])),
    multi: Object.fromEntries(entries.map(([name, values]) => [name, [...values]])),
  };
}

/**
 * CONNECT `headers` and `multiValueHeaders` (docs/aws-behaviour.md#headers-in-events): the client's headers
 * in their own casing minus `Connection` and `Upgrade`, plus `X-Amzn-Trace-Id`, `X-Forwarded-For`,
 * `X-Forwarded-Port: 443` and `X-Forwarded-Proto: https`. Names are merged and sorted case-insensitively,
 * keeping the first casing seen, as the captured events show (`Connection`, `content-length`, `Host` in
 * Powertools' captured CONNECT event): API Gateway keeps headers in a case-insensitive sorted map.
 * Repeats: all in `multiValueHeaders`, the last in `headers` (REST v1 behaviour). A client's
 * `X-Forwarded-For` gets the source ip appended.
 */
function buildConnectHeaders(rawHeaders: readonly string[], sourceIp: string, traceId: string) {
  const byName = new Map<string, { name: string; values: string[] }>();
  const forwardedFor: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    const value = rawHeaders[i + 1] ?? '';
    const lower = name.toLowerCase();
    if (lower === 'x-forwarded-for') forwardedFor.push(value);
    if (DROPPED_HEADERS.has(lower) || GATEWAY_HEADERS.has(lower)) continue;
    const entry = byName.get(lower);
    if (entry === undefined) byName.set(lower, { name, values: [value] });
    else entry.values.push(value);
  }
  forwardedFor.push(sourceIp);
  byName.set('x-amzn-trace-id', { name: 'X-Amzn-Trace-Id', values: [traceId] });
  byName.set('x-forwarded-for', { name: 'X-Forwarded-For', values: [forwardedFor.join(', ')] });
  byName.set('x-forwarded-port', { name: 'X-Forwarded-Port', values: ['443'] });
  byName.set('x-forwarded-proto', { name: 'X-Forwarded-Proto', values: ['https'] });
  const sorted = [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return toMaps(sorted.map(([, entry]) => [entry.name, entry.values] as const));
}

/**
 * CONNECT query parameters, or `undefined` when there are none (docs/aws-behaviour.md#event-shapes: keys
 * absent, not `{}`). Decoding follows REST v1 proxy events: percent-decoded and `+` read as a space
 * (aws/aws-cdk#19827 shows `sort=-+createdAt` arriving as `"- createdAt"`). Keys are case-sensitive and
 * keep the URL's order; repeats as for headers. A bare `?` counts as no query string.
 */
function buildQueryParameters(query: string | undefined) {
  if (query === undefined) return undefined;
  const byName = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(query)) {
    const values = byName.get(name);
    if (values === undefined) byName.set(name, [value]);
    else values.push(value);
  }
  return byName.size === 0 ? undefined : toMaps([...byName]);
}

/**
 * Builds the `$connect` integration event exactly as API Gateway sends it
 * (docs/aws-behaviour.md#event-shapes): headers, then the query string when present, stage variables when
 * defined, `requestContext` (`eventType` `CONNECT`), and `isBase64Encoded: false`. Pure: ids, time and
 * trace id are inputs.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-requests.html
 */
export function buildConnectEvent(input: ConnectEventInput): WebSocketConnectEvent {
  const { api, connection } = input;
  const headers = buildConnectHeaders(input.rawHeaders, connection.sourceIp, input.traceId);
  const query = buildQueryParameters(input.query);
  const stageVariables = buildStageVariables(api);
  return {
    headers: headers.single,
    multiValueHeaders: headers.multi,
    ...(query !== undefined && {
      queryStringParameters: query.single,
      multiValueQueryStringParameters: query.multi,
    }),
    ...(stageVariables !== undefined && { stageVariables }),
    requestContext: buildRequestContext({
      api,
      connection,
      routeKey: '$connect',
      eventType: 'CONNECT',
      requestId: input.requestId,
      requestTimeEpoch: input.requestTimeEpoch,
    }),
    isBase64Encoded: false,
  };
}
