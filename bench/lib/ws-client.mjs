// One WebSocket client of the load generator: JSON messages in and out, waits that always end
// (a reply, a close, or a timeout), and a count of {"type":"error"} replies from the workload.
import WebSocket from 'ws';

/** Opens a connection; rejects when the handshake fails or takes longer than `timeoutMs`. */
export function openClient(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    socket.once('open', () => resolve(new BenchClient(socket)));
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new Error(`handshake answered HTTP ${response.statusCode}`));
    });
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`closed with ${code} before it opened`)));
  });
}

export class BenchClient {
  /** Replies with {"type":"error"}: the workload answering something it did not expect. */
  errors = 0;
  #socket;
  /** @type {Set<(message: any, at: number) => void>} */
  #listeners = new Set();
  #closed = false;

  constructor(socket) {
    this.#socket = socket;
    socket.on('error', () => {}); // a reset after open shows up as a close below
    socket.on('close', () => {
      this.#closed = true;
      for (const listener of [...this.#listeners]) listener(undefined, performance.now());
    });
    socket.on('message', (raw) => {
      const at = performance.now();
      let message;
      try {
        message = JSON.parse(String(raw));
      } catch {
        message = { type: 'unparsable' };
      }
      if (message?.type === 'error') this.errors++;
      for (const listener of [...this.#listeners]) listener(message, at);
    });
  }

  get isOpen() {
    return !this.#closed && this.#socket.readyState === WebSocket.OPEN;
  }

  send(body) {
    this.#socket.send(JSON.stringify(body));
  }

  /** Calls `listener(message, atMs)` for every message (and `(undefined, atMs)` on close); returns the undo. */
  listen(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Sends `body` and resolves with the time (performance.now()) the first message matching
   * `isReply` arrived; resolves undefined when none came within `timeoutMs` or the socket closed.
   */
  request(body, isReply, timeoutMs) {
    return new Promise((resolve) => {
      const finish = (at) => {
        clearTimeout(timer);
        stop();
        resolve(at);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      const stop = this.listen((message, at) => {
        if (message === undefined) finish(undefined);
        else if (isReply(message)) finish(at);
      });
      if (!this.isOpen) finish(undefined);
      else this.send(body);
    });
  }

  /** Closes with 1000 and waits for the close, terminating the socket after `timeoutMs`. */
  close(timeoutMs) {
    return new Promise((resolve) => {
      if (this.#closed || this.#socket.readyState === WebSocket.CLOSED) return resolve();
      const timer = setTimeout(() => {
        this.#socket.terminate();
        resolve();
      }, timeoutMs);
      this.#socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#socket.close(1000, 'bench done');
    });
  }
}

/** Runs `task(item, index)` over `items` with at most `concurrency` at once; stops starting new ones once `shouldStop()`. */
export async function runPool(items, concurrency, task, shouldStop = () => false) {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !shouldStop()) {
      const index = next++;
      await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Opens `count` clients, `concurrency` handshakes at a time; failures are counted, not thrown. */
export async function openClients(url, count, { concurrency, timeoutMs, shouldStop }) {
  const clients = [];
  let failed = 0;
  let firstError;
  await runPool(Array.from({ length: count }), concurrency, async () => {
    try {
      clients.push(await openClient(url, timeoutMs));
    } catch (error) {
      failed++;
      firstError ??= String(error?.message ?? error);
    }
  }, shouldStop);
  return { clients, failed, firstError };
}

/** Closes every client, `concurrency` at a time. */
export function closeClients(clients, concurrency, timeoutMs) {
  return runPool(clients, concurrency, (client) => client.close(timeoutMs));
}
