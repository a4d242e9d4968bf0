/**
 * Lets handler code reach the emulator through the host names it would use on AWS, e.g.
 * `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}` for `@connections`, without TLS
 * certificates: `https.Agent.prototype.createConnection` is wrapped so that connections to exactly
 * the listed `host:port` pairs become plain TCP connections to the emulator, which serves plain
 * HTTP. Every other host keeps Node's own TLS connection with full certificate checking. It works
 * for every HTTPS client that uses an `https.Agent` (the AWS SDK v3 of any version, SDK v2, axios…);
 * `fetch` (undici) does not use agents and is not covered.
 *
 * The wrapper is process-wide by nature (Node core modules exist once per thread); installs are
 * counted, so two emulators in one thread can each add and remove their own hosts.
 */
import https from 'node:https';
import net from 'node:net';

/** Where a redirected connection goes. */
export interface RedirectTarget {
  readonly host: string;
  readonly port: number;
}

type CreateConnection = (this: unknown, options: { host?: string; hostname?: string; port?: number | string }, callback?: unknown) => unknown;
interface Wrapper extends CreateConnection {
  readonly redirects: Map<string, RedirectTarget[]>;
  readonly original: CreateConnection;
}

const agentPrototype = https.Agent.prototype as unknown as { createConnection: CreateConnection | Wrapper };

function isWrapper(value: CreateConnection | Wrapper): value is Wrapper {
  return 'redirects' in value && value.redirects instanceof Map;
}

function ensureWrapper(): Wrapper {
  const current = agentPrototype.createConnection;
  if (isWrapper(current)) return current;
  const redirects = new Map<string, RedirectTarget[]>();
  const wrapper = Object.assign(
    function (this: unknown, options: Parameters<CreateConnection>[0], callback?: unknown) {
      const host = options.host ?? options.hostname ?? 'localhost';
      const target = redirects.get(`${host.toLowerCase()}:${Number(options.port ?? 443)}`)?.at(-1);
      if (target === undefined) return current.call(this, options, callback);
      // Plain TCP to the emulator's HTTP port; the https request then speaks HTTP over it.
      return net.connect({ host: target.host, port: target.port });
    },
    { redirects, original: current },
  );
  agentPrototype.createConnection = wrapper;
  return wrapper;
}

/** Redirects HTTPS connections to each `host:port` key to its target. Returns the undo. */
export function installHttpsRedirect(entries: ReadonlyArray<readonly [string, RedirectTarget]>): () => void {
  const wrapper = ensureWrapper();
  for (const [authority, target] of entries) {
    const key = authority.toLowerCase();
    wrapper.redirects.set(key, [...(wrapper.redirects.get(key) ?? []), target]);
  }
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    for (const [authority, target] of entries) {
      const key = authority.toLowerCase();
      const remaining = (wrapper.redirects.get(key) ?? []).filter((entry) => entry !== target);
      if (remaining.length > 0) wrapper.redirects.set(key, remaining);
      else wrapper.redirects.delete(key);
    }
    if (wrapper.redirects.size === 0 && agentPrototype.createConnection === wrapper) agentPrototype.createConnection = wrapper.original;
  };
}
