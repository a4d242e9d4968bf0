/**
 * Splits a request target into the stage it names and its query. The WebSocket URL is
 * `/{stage}`, with an optional trailing `/` and an optional query string (docs/aws-behaviour.md#handshake).
 * Returns undefined for any other path (deeper paths, the root).
 */
export function parseStagePath(target: string): { stage: string; query: string | undefined } | undefined {
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? undefined : target.slice(queryAt + 1);
  const match = /^\/([^/]+)\/?$/.exec(path);
  if (!match) return undefined;
  let stage: string;
  try {
    stage = decodeURIComponent(match[1] as string);
  } catch {
    return undefined;
  }
  // A query string that is present but empty (`/local?`) is no query at all for the event.
  return { stage, query: query === '' ? undefined : query };
}
