import WebSocket from 'ws';

/** How a connection attempt ended. */
export type ConnectResult =
  | { readonly opened: true; readonly client: TestClient }
  | { readonly opened: false; readonly status: number; readonly body: string };

/** A real `ws` client with a message queue, for tests. */
export class TestClient {
  readonly socket: WebSocket;
  readonly #queue: string[] = [];
  readonly #waiters: Array<(message: string) => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      const text = data.toString();
      const waiter = this.#waiters.shift();
      if (waiter) waiter(text);
      else this.#queue.push(text);
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  send(message: string | object): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next text frame; fails after `timeoutMs` naming what did arrive. */
  nextMessage(timeoutMs = 5000): Promise<string> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.#waiters.indexOf(waiter);
        if (index !== -1) this.#waiters.splice(index, 1);
        reject(new Error(`no message within ${timeoutMs} ms (socket state ${this.socket.readyState})`));
      }, timeoutMs);
      const waiter = (message: string) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.#waiters.push(waiter);
    });
  }

  async nextJson<T = Record<string, unknown>>(timeoutMs?: number): Promise<T> {
    return JSON.parse(await this.nextMessage(timeoutMs)) as T;
  }

  /** Messages that arrived and were not read yet. */
  get pending(): readonly string[] {
    return this.#queue;
  }
}

/** Opens a real `ws` connection; resolves with the refusal status instead of throwing. */
export function connect(url: string, options: WebSocket.ClientOptions & { protocols?: string[] } = {}): Promise<ConnectResult> {
  const { protocols, ...clientOptions } = options;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, clientOptions);
    socket.once('open', () => resolve({ opened: true, client: new TestClient(socket) }));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ opened: false, status: res.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

/** Opens a connection that must succeed. */
export async function open(url: string, options?: Parameters<typeof connect>[1]): Promise<TestClient> {
  const result = await connect(url, options);
  if (!result.opened) throw new Error(`expected the upgrade to succeed, got HTTP ${result.status} ${result.body}`);
  return result.client;
}
