/**
 * "The event loop is empty", as seen from inside a worker thread. The Node.js runtime answers a
 * callback-style invocation only when Node's event loop has drained (`beforeExit`), unless
 * `context.callbackWaitsForEmptyEventLoop` is false:
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 *
 * A worker never drains (its message port keeps it alive), so we look at what keeps the loop busy
 * with `process.getActiveResourcesInfo()` and ignore message ports, which belong to the runtime.
 * A handler's pending timer, socket or file operation therefore delays the answer exactly as on
 * AWS (to the point of a timeout for a connection left open).
 */

/** How often to look again while the handler's own work keeps the loop busy. */
export const EMPTY_LOOP_POLL_MS = 2;

function isEventLoopEmpty(): boolean {
  return process.getActiveResourcesInfo().every((resource) => resource === 'MessagePort');
}

/** Resolves once only message ports keep this thread's event loop alive. */
export function waitForEmptyEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      // Our own poll timer is unref'd, so it never counts as the handler's work.
      if (isEventLoopEmpty()) resolve();
      else setTimeout(check, EMPTY_LOOP_POLL_MS).unref();
    };
    setImmediate(check);
  });
}
