/**
 * `GET /_inspector/api/events`: the feed as server-sent events, one `event:` per change
 * (`connection-opened`, `connection-closed`, `invocation`), its JSON on one `data:` line.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
import type { Request, Response } from 'express';
import type { InspectorFeed } from './inspector-feed.js';

/** A comment line this often keeps proxies and idle timers from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;
/** How soon EventSource reconnects after the stream drops (the page then reloads its lists). */
const RETRY_MS = 1000;

export function streamEvents(feed: InspectorFeed, req: Request, res: Response): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  // The first bytes go out at once, so the client's EventSource opens now, not at the first event.
  res.write(`retry: ${RETRY_MS}\n: connected\n\n`);
  const unsubscribe = feed.subscribe((event) => {
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  keepAlive.unref();
  req.once('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}
