// A server-sent events reader for tests: `next(type)` resolves with the next event of that type.
import http from 'node:http';

export interface StreamEvent {
  readonly type: string;
  readonly data: unknown;
}

export interface EventStreamReader {
  /** The next event of `type` (and matching `where`), arrived or to come; fails after `timeoutMs`. */
  next(type: string, where?: (data: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

/** Opens `url` and resolves once the response headers arrived (so later events are not missed). */
export function openEventStream(url: string): Promise<EventStreamReader> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith('text/event-stream')) {
        reject(new Error(`expected an event stream, got ${response.statusCode} ${String(response.headers['content-type'])}`));
        return;
      }
      const events: StreamEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type !== undefined && data !== undefined) events.push({ type, data: JSON.parse(data) });
        }
        for (const waiter of [...waiters]) waiter();
      });
      resolve({
        next: (type, where = () => true, timeoutMs = 5000) =>
          new Promise((found, fail) => {
            const check = () => {
              const index = events.findIndex((event) => event.type === type && where(event.data));
              if (index === -1) return false;
              const [event] = events.splice(index, 1);
              waiters.delete(waiter);
              clearTimeout(timer);
              found(event?.data);
              return true;
            };
            const waiter = () => void check();
            const timer = setTimeout(() => {
              waiters.delete(waiter);
              fail(new Error(`no ${type} event within ${timeoutMs} ms; got: ${events.map((event) => event.type).join(', ') || 'nothing'}`));
            }, timeoutMs);
            if (!check()) waiters.add(waiter);
          }),
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}
