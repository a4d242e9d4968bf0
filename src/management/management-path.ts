/**
 * Path handling for the `@connections` management API: which request paths belong to it, and how one splits
 * into stage, route and connection id. Written as index arithmetic rather than a split or a per-request
 * regex, because every PostToConnection passes through here (docs/aws-behaviour.md#paths-and-statuses).
 */

const SLASH = 0x2f;
const CONNECTIONS = '@connections';
// The form awscurl and the AWS guide use; API Gateway accepts both
// (docs/aws-behaviour.md#paths-and-statuses).
const ENCODED_CONNECTIONS = '%40connections';
const CONNECTIONS_PREFIX = `${CONNECTIONS}/`;
const ENCODED_CONNECTIONS_PREFIX = `${ENCODED_CONNECTIONS}/`;

// 16 chars: URL-safe base64 of 11 bytes plus one `=` pad (docs/aws-behaviour.md#ids-and-formats).
const CONNECTION_ID = /^[A-Za-z0-9_-]{15}=$/;

/** Where a request path leads. `rest` is the raw path after `/{stage}/`, without the query. */
export type ManagementRoute =
  /** The first segment is not the stage (or there is none): AWS answers 403 Forbidden. */
  | { readonly kind: 'forbidden' }
  /** Under the stage, but not `@connections/{connectionId}`: AWS answers 404 "No method found…". */
  | { readonly kind: 'unmatched'; readonly rest: string }
  /** `/{stage}/@connections/{connectionId}`; `rawId` is still percent-encoded. */
  | { readonly kind: 'connection'; readonly rest: string; readonly rawId: string };

const FORBIDDEN: ManagementRoute = Object.freeze({ kind: 'forbidden' });

/**
 * Splits a raw request path (which may carry a query) for the API of `stage`. Exact and
 * case-sensitive like API Gateway: `@connections` is literal, an empty segment (`/dev//@connections/x`)
 * or a trailing extra (`…/{id}/`) is not the route.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 */
export function parseManagementPath(path: string, stage: string): ManagementRoute {
  const end = endOfPath(path);
  const afterStage = stage.length + 1;
  const stageMatches =
    path.charCodeAt(0) === SLASH &&
    path.startsWith(stage, 1) &&
    (afterStage === end || path.charCodeAt(afterStage) === SLASH);
  if (!stageMatches) return FORBIDDEN;

  const rest = afterStage >= end ? '' : path.slice(afterStage + 1, end);
  const prefix = rest.startsWith(CONNECTIONS_PREFIX)
    ? CONNECTIONS_PREFIX.length
    : rest.startsWith(ENCODED_CONNECTIONS_PREFIX)
      ? ENCODED_CONNECTIONS_PREFIX.length
      : 0;
  // No id, or more segments after it: the route template `@connections/{connectionId}` does not match.
  if (prefix === 0 || rest.length === prefix || rest.indexOf('/', prefix) !== -1) {
    return { kind: 'unmatched', rest };
  }
  return { kind: 'connection', rest, rawId: rest.slice(prefix) };
}

/**
 * True when a raw request path has an `@connections` (or `%40connections`) segment anywhere, so the
 * HTTP server routes it to the management API, which then answers even the wrong shapes
 * (`/@connections/x` → 403, `/dev/dev/@connections/x` → 404) the way AWS does.
 */
export function isManagementPath(path: string): boolean {
  const end = endOfPath(path);
  return hasSegment(path, CONNECTIONS, end) || hasSegment(path, ENCODED_CONNECTIONS, end);
}

/**
 * True for a well-formed connection id such as `L0SM9cOFvHcCIhw=` (docs/aws-behaviour.md#ids-and-formats).
 */
export function isConnectionId(id: string): boolean {
  return CONNECTION_ID.test(id);
}

/**
 * `decodeURIComponent`, or the input unchanged when it holds a malformed escape. AWS's error texts
 * show decoded paths (`…@connections/CN5VTdWEDoECImg= for http method POST.`, aws-sdk-php#3040).
 */
export function decodePathText(text: string): string {
  if (text.indexOf('%') === -1) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function endOfPath(path: string): number {
  const queryAt = path.indexOf('?');
  return queryAt === -1 ? path.length : queryAt;
}

function hasSegment(path: string, segment: string, end: number): boolean {
  for (let at = path.indexOf(segment); at !== -1 && at + segment.length <= end; at = path.indexOf(segment, at + 1)) {
    const after = at + segment.length;
    if (path.charCodeAt(at - 1) === SLASH && (after === end || path.charCodeAt(after) === SLASH)) return true;
  }
  return false;
}
