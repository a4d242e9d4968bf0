/**
 * One call to start an emulator for a test: a free port, invocations recorded, a manual clock
 * (time moves only when the test says so), and teardown that closes every client it opened.
 */
import { Emulator } from '../emulator.js';
import { loadProjectOptions, type ProjectLoadOptions } from '../config/load-project.js';
import type { EmulatorOptions } from '../config/options.js';
import type { InvocationMatcher, InvocationRecord } from '../invocation-log.js';
import { createManualClock, type ManualClock } from '../util/manual-clock.js';
import { connectTestClient, type ConnectOptions, type TestClient } from './test-client.js';

export interface TestEmulator extends AsyncDisposable {
  readonly emulator: Emulator;
  /** `ws://127.0.0.1:PORT/STAGE` */
  readonly url: string;
  /** The endpoint to give an `ApiGatewayManagementApiClient` in the test. */
  readonly managementEndpoint: string;
  /** The emulator's clock; `advanceTime` moves it. */
  readonly clock: ManualClock;
  /** Opens a test client (closed again by `dispose`). */
  connect(options?: ConnectOptions): Promise<TestClient>;
  /** Moves the emulator's time: idle and maximum-duration closes, function timeouts, TTL expiry. */
  advanceTime(ms: number): Promise<void>;
  /** The next matching invocation not returned before (see `Emulator.waitForInvocation`). */
  waitForInvocation(matcher: InvocationMatcher, options?: { timeoutMs?: number }): Promise<InvocationRecord>;
  /** Closes the clients, then disposes the emulator. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * The emulator's options, or a project to load: `template` (SAM/CloudFormation), `serverless`
 * (serverless.yml) or `config` (apigw-ws.config.json/.mjs), with any option on top. Files are
 * only read when named (no looking around the working directory).
 */
export type TestEmulatorOptions =
  | EmulatorOptions
  | (Omit<ProjectLoadOptions, 'discover'> &
      Pick<EmulatorOptions, 'logger' | 'clock'> &
      ({ readonly template: string } | { readonly serverless: string } | { readonly config: string }));

/**
 * Starts an emulator for a test. Defaults differ from `new Emulator` only where tests want it:
 * `port: 0`, `recordInvocations: true` and a manual clock (pass `clock` to use your own). Pair it
 * with your framework's teardown, e.g. `afterEach(() => test.dispose())`, or `await using`.
 */
export async function startTestEmulator(options: TestEmulatorOptions): Promise<TestEmulator> {
  const clock = (options.clock as ManualClock | undefined) ?? createManualClock();
  const emulatorOptions = await buildEmulatorOptions(options);
  const emulator = new Emulator({ port: 0, recordInvocations: true, ...emulatorOptions, clock });
  const { url, managementEndpoint } = await emulator.start();
  const clients = new Set<TestClient>();
  let disposing: Promise<void> | undefined;
  const dispose = (): Promise<void> => {
    disposing ??= (async () => {
      await Promise.all([...clients].map((client) => client.close().catch(() => undefined)));
      await emulator.dispose();
    })();
    return disposing;
  };
  return {
    emulator,
    url,
    managementEndpoint,
    clock,
    async connect(connectOptions) {
      const client = await connectTestClient(url, connectOptions);
      clients.add(client);
      return client;
    },
    advanceTime: (ms) => {
      if (typeof clock.advance !== 'function') throw new TypeError('advanceTime needs a manual clock: leave `clock` unset or pass createManualClock()');
      return clock.advance(ms);
    },
    waitForInvocation: (matcher, waitOptions) => emulator.waitForInvocation(matcher, waitOptions),
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

async function buildEmulatorOptions(options: TestEmulatorOptions): Promise<EmulatorOptions> {
  if (!('template' in options || 'serverless' in options || 'config' in options)) return options as EmulatorOptions;
  const { logger, clock, ...project } = options as TestEmulatorOptions & Pick<EmulatorOptions, 'logger' | 'clock'>;
  // A test's own port wins over a config file's; anything else the test gives wins too.
  const loaded = await loadProjectOptions({ port: 0, ...project, discover: false });
  return { ...loaded.options, ...(logger === undefined ? {} : { logger }), ...(clock === undefined ? {} : { clock }) };
}
