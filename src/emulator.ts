import { assembleEmulator, type EmulatorParts, type EmulatorUrls } from './assemble-emulator.js';
import type { EmulatorOptions } from './config/options.js';
import { resolveOptions, type ResolvedOptions } from './config/resolve-options.js';
import { EmulatorError } from './errors.js';
import { FaultInjector, type Faults } from './faults.js';
import type { InvocationLog, InvocationMatcher, InvocationRecord } from './invocation-log.js';
import type { DirectInvokeOptions, DirectInvokeResult } from './invoke/direct-invoker.js';
import type { Gateway } from './gateway/gateway.js';
import type { ConnectionInfo } from './management/types.js';
import type { Reloader } from './reload/reloader.js';
import type { ReloadReport } from './reload/reload-report.js';

export type { EmulatorUrls } from './assemble-emulator.js';

/** A connection as `listConnections()` reports it. */
export interface ConnectionSummary extends ConnectionInfo {
  readonly connectionId: string;
}

type State = 'created' | 'starting' | 'started' | 'disposed';

/**
 * The composition root: one emulated API Gateway WebSocket API stage with its Lambda functions
 * and its `@connections` endpoint, on one port.
 *
 * ```ts
 * const emulator = new Emulator({ routes: { $default: 'handlers/echo.handler' }, port: 0 }); // validates
 * const { url } = await emulator.start();                                                    // binds
 * await emulator.dispose();                                                                  // idempotent
 * ```
 * No module-level state: several emulators can run side by side in one process.
 */
export class Emulator {
  /** Replaced by a project reload (routes, functions, tables); the rest stays as started. */
  #options: ResolvedOptions;
  #state: State = 'created';
  #starting?: Promise<EmulatorUrls>;
  #disposing?: Promise<void>;
  /** What the start opened so far (all of it once started). */
  readonly #parts: EmulatorParts = {};
  readonly #faults: FaultInjector;
  /** Aborted by `dispose()`: a start in progress stops at its next step instead of finishing. */
  readonly #disposed = new AbortController();

  /** Validates the options; throws an `EmulatorError` (`ERR_INVALID_OPTIONS`) naming every problem. */
  constructor(options: EmulatorOptions) {
    this.#options = resolveOptions(options);
    this.#faults = new FaultInjector(this.#options.clock);
  }

  /** Fault injection for tests: dropped `$disconnect`, stale connections, throttling, failing or slow invocations. */
  get faults(): Faults {
    return this.#faults;
  }

  /** The validated options, defaults filled in. */
  get options(): ResolvedOptions {
    return this.#options;
  }

  /** Checks handler exports, binds the port and resolves to the real URLs. Calling it again returns the same promise. */
  start(): Promise<EmulatorUrls> {
    this.#assertNotDisposed();
    // A start that fails half-way releases what it had already opened (DynamoDB, the port).
    this.#starting ??= this.#start().catch(async (error: unknown) => {
      await this.#release();
      throw error;
    });
    return this.#starting;
  }

  async #start(): Promise<EmulatorUrls> {
    this.#state = 'starting';
    const urls = await assembleEmulator(this.#options, this.#parts, {
      faults: this.#faults,
      throwIfDisposed: () => this.#throwIfDisposed(),
      onOptionsReloaded: (options) => {
        this.#options = options;
      },
    });
    this.#state = 'started';
    return urls;
  }

  /** The URLs of the started emulator. */
  get urls(): EmulatorUrls {
    if (!this.#parts.urls) throw new EmulatorError('ERR_NOT_STARTED', 'the emulator is not started: await emulator.start() first');
    return this.#parts.urls;
  }

  /** The established connections (those whose `$connect` succeeded and that are still open). */
  listConnections(): ConnectionSummary[] {
    const { registry } = this.#requireGateway();
    // As `@connections` sees them: closing and stale connections are gone already.
    return registry.all().flatMap((connection) => {
      const info = registry.get(connection.facts.connectionId);
      return info ? [{ connectionId: connection.facts.connectionId, ...info }] : [];
    });
  }

  /** Like `GetConnection`: undefined where AWS would answer 410 GoneException. */
  getConnection(connectionId: string): ConnectionInfo | undefined {
    return this.#requireGateway().registry.get(connectionId);
  }

  /** Like `PostToConnection`: false where AWS would answer 410 GoneException. */
  postToConnection(connectionId: string, data: string | Uint8Array): boolean {
    return this.#requireGateway().registry.post(connectionId, Buffer.from(data));
  }

  /** Like `DeleteConnection`: closes with 1000; false where AWS would answer 410 GoneException. */
  deleteConnection(connectionId: string): boolean {
    return this.#requireGateway().registry.delete(connectionId);
  }

  /**
   * Like Lambda's Invoke: runs any function of the emulator (with or without a route) with `event`.
   * `RequestResponse` (default) waits and gives the outcome and its log lines; `Event` answers 202
   * at once (`completed` settles when it ran); `DryRun` 204. An unknown function gives 404.
   * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
   */
  invoke(functionName: string, event: unknown = {}, options: DirectInvokeOptions = {}): Promise<DirectInvokeResult> {
    this.#assertNotDisposed();
    if (!this.#parts.invoker) throw new EmulatorError('ERR_NOT_STARTED', 'the emulator is not started: await emulator.start() first');
    return this.#parts.invoker.invoke(functionName, event, options);
  }

  /**
   * Files changed on disk (absolute paths): the functions whose code folders hold them load their
   * code again at their next invocation (idle environments end now, busy ones after their
   * invocation); connections stay open. Code that cannot load is not applied: the previous code
   * keeps serving and the report names the error. What `--watch` calls.
   */
  reloadCode(files: readonly string[]): Promise<ReloadReport> {
    return this.#requireReloader().reloadCode(files);
  }

  /**
   * The project changed: applies `options` (as loaded from the project files again) live — routes,
   * route selection, authorizer, functions and new tables — without closing a connection. What
   * needs a restart (port, stage, ...) is reported in `restartNeeded`, not applied. Options that
   * do not validate or handlers that cannot be found leave everything as it was (`problems`).
   */
  reloadProject(options: EmulatorOptions, changedFiles: readonly string[] = []): Promise<ReloadReport> {
    return this.#requireReloader().reloadProject(options, changedFiles);
  }

  #requireReloader(): Reloader {
    this.#assertNotDisposed();
    if (!this.#parts.reloader) throw new EmulatorError('ERR_NOT_STARTED', 'the emulator is not started: await emulator.start() first');
    return this.#parts.reloader;
  }

  /**
   * Closes every connection with 1001 "Going away" (their `$disconnect` runs), stops the
   * functions and the port. Idempotent.
   */
  dispose(): Promise<void> {
    this.#disposing ??= this.#dispose();
    return this.#disposing;
  }

  async #dispose(): Promise<void> {
    const starting = this.#starting;
    this.#state = 'disposed';
    this.#disposed.abort();
    await starting?.catch(() => undefined);
    await this.#release();
    this.#parts.invocations?.close(new EmulatorError('ERR_DISPOSED', 'the emulator was disposed while waiting for an invocation'));
  }

  /** Stops a start in progress once `dispose()` was called (checked after each of its waits). */
  #throwIfDisposed(): void {
    if (this.#disposed.signal.aborted) throw new EmulatorError('ERR_DISPOSED', 'the emulator was disposed while starting');
  }

  /** Closes connections, functions, the port and DynamoDB; safe to call more than once. */
  async #release(): Promise<void> {
    await this.#parts.gateway?.closeAll();
    await this.#parts.runtime?.dispose();
    const server = this.#parts.server;
    if (server?.listening) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.#parts.dynamodb?.stop();
  }

  /** Every invocation so far, in the order they finished (needs `recordInvocations: true`). */
  get invocations(): readonly InvocationRecord[] {
    return this.#requireInvocations().records;
  }

  /**
   * The next invocation matching (`{ routeKey }`, `{ connectionId }` or a predicate) that no earlier
   * call returned: already made, or still to come. Like reading a queue, so there is no race
   * between acting and waiting. Fails after `timeoutMs` (default 5000, real time) naming what ran.
   */
  waitForInvocation(matcher: InvocationMatcher, options: { timeoutMs?: number } = {}): Promise<InvocationRecord> {
    return this.#requireInvocations().take(matcher, options.timeoutMs ?? 5000);
  }

  /** Resolves with the connection's `$disconnect` invocation once it ran (or at once if it did). */
  waitForDisconnect(connectionId: string, options: { timeoutMs?: number } = {}): Promise<InvocationRecord> {
    return this.#requireInvocations().find({ routeKey: '$disconnect', connectionId }, options.timeoutMs ?? 5000);
  }

  #requireInvocations(): InvocationLog {
    this.#assertNotDisposed();
    if (!this.#options.recordInvocations) {
      throw new EmulatorError('ERR_NOT_ENABLED', 'invocations are not recorded: create the emulator with recordInvocations: true');
    }
    if (!this.#parts.invocations) throw new EmulatorError('ERR_NOT_STARTED', 'the emulator is not started: await emulator.start() first');
    return this.#parts.invocations;
  }

  /** The running DynamoDB's endpoint (`AWS_ENDPOINT_URL_DYNAMODB` in handlers), or undefined without one. */
  get dynamodbEndpoint(): string | undefined {
    return this.#parts.dynamodb?.endpoint;
  }

  #requireGateway(): Gateway {
    this.#assertNotDisposed();
    if (!this.#parts.gateway) throw new EmulatorError('ERR_NOT_STARTED', 'the emulator is not started: await emulator.start() first');
    return this.#parts.gateway;
  }

  #assertNotDisposed(): void {
    if (this.#state === 'disposed') throw new EmulatorError('ERR_DISPOSED', 'the emulator was disposed: create a new Emulator');
  }
}
