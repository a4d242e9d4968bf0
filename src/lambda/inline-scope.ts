/**
 * Per-function `process.env` and console for inline mode, where every function shares the
 * caller's thread. An `AsyncLocalStorage` carries "which environment is running"; while it is set,
 * `process.env` (replaced by a proxy) reads and writes that environment's own variables, and the
 * console writes Lambda-formatted lines to the function's log. Code outside any function (the test
 * itself, the gateway) sees the real `process.env` and console, untouched.
 *
 * This is sound across interleaved async invocations of different functions, because the store
 * follows each async chain (module load, handler, its promises and timers). It cannot cover work
 * that escapes the chain (a callback registered by a shared, already-loaded library), and it
 * replaces the global `process.env` object while an inline runtime exists (restored on dispose).
 * https://nodejs.org/api/async_context.html#class-asynclocalstorage
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { patchConsole } from './console-capture.js';
import { formatConsoleLine } from './log-format.js';

/** What code running inside one inline environment sees. */
export interface InlineStore {
  readonly env: Record<string, string>;
  /** `undefined` during init, as Lambda prints it. */
  readonly requestId: string | undefined;
  /** The function's log sink; without it the console is left as it is. */
  readonly log: ((line: string) => void) | undefined;
}

const storage = new AsyncLocalStorage<InlineStore>();
let users = 0;
let restore: (() => void) | undefined;

function install(): () => void {
  const realEnv = process.env;
  const current = (): Record<string, string | undefined> => storage.getStore()?.env ?? realEnv;
  const proxy = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_target, key) => Reflect.get(current(), key),
      set: (_target, key, value: unknown) => {
        const env = current();
        return env === realEnv ? Reflect.set(realEnv, key, value) : Reflect.set(env, key, String(value));
      },
      has: (_target, key) => Reflect.has(current(), key),
      deleteProperty: (_target, key) => Reflect.deleteProperty(current(), key),
      ownKeys: () => Reflect.ownKeys(current()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
        // The proxy's target is empty, so every reported property must be configurable.
        return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
      },
      defineProperty: (_target, key, descriptor) => Reflect.defineProperty(current(), key, descriptor),
    },
  );
  const envDescriptor = Object.getOwnPropertyDescriptor(process, 'env');
  Object.defineProperty(process, 'env', { value: proxy, writable: true, configurable: true, enumerable: true });

  const originals = { ...console } as unknown as Record<string, (...args: unknown[]) => void>;
  const unpatch = patchConsole(console, (level, args) => {
    const store = storage.getStore();
    if (store?.log !== undefined) {
      const { log } = store;
      const line = formatConsoleLine(store.requestId, level, args);
      storage.exit(() => log(line));
    }
    else originals[level === 'INFO' ? 'log' : level.toLowerCase()]?.apply(console, args);
  });
  return () => {
    unpatch();
    if (envDescriptor !== undefined) Object.defineProperty(process, 'env', envDescriptor);
  };
}

/** Starts using the inline scope (installs the proxy on first use); returns the release function. */
export function acquireInlineScope(): () => void {
  if (users++ === 0) restore = install();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--users === 0) {
      restore?.();
      restore = undefined;
    }
  };
}

/**
 * Runs `fn` outside any environment: log sinks are called this way, so a sink that itself uses
 * `console` writes to the real console instead of looping back into the function's log.
 */
export function runOutsideInlineScope<T>(fn: () => T): T {
  return storage.exit(fn);
}

/** Runs `fn` (and everything it starts) as code of the environment described by `store`. */
export function runInInlineScope<T>(store: InlineStore, fn: () => T): T {
  return storage.run(store, fn);
}
