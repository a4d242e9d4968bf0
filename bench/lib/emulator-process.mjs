// The emulator under test, started through its CLI as users start it, in its own process (so its
// memory is measured alone), on a free loopback port.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const STAGE = 'bench';
const FUNCTION_TIMEOUT = '10s';
const ERROR_SAMPLE_SIZE = 5;

/**
 * Starts `bin/apigw-ws-local.js` in `cwd` with the workload's routes and tables. Resolves once it
 * printed its WebSocket URL. `onLine` sees every stderr line (logs).
 * @param {{ projectRoot: string, cwd: string, routes: Record<string, string>, tables: readonly string[],
 *   env: Record<string, string>, logLevel: string, onLine?: (line: string) => void }} options
 */
export async function startEmulator(options) {
  const args = [
    path.join(options.projectRoot, 'bin/apigw-ws-local.js'),
    '--port', '0', '--host', '127.0.0.1', '--stage', STAGE, '--log-level', options.logLevel, '--no-inspector',
    // Lambda's default of 3 s would cut a sendAll to 1,000 members short on a loaded machine: the
    // bench measures delivery, so a function gets as long as the client waits for its answer.
    '--function-timeout', FUNCTION_TIMEOUT,
    ...Object.entries(options.routes).flatMap(([key, handler]) => ['--route', `${key}=${handler}`]),
    ...options.tables.flatMap((table) => ['--table', table]),
    ...Object.entries(options.env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
  ];
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  /** The emulator's `[error]` lines: how many, and the first few. */
  const errors = { count: 0, sample: /** @type {string[]} */ ([]) };
  let foundDynamodb;
  const dynamodbEndpoint = new Promise((resolve) => (foundDynamodb = resolve));
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.startsWith('[error]') && errors.count++ < ERROR_SAMPLE_SIZE) errors.sample.push(line);
    const endpoint = /AWS_ENDPOINT_URL_DYNAMODB\): (\S+)/.exec(line)?.[1];
    if (endpoint !== undefined) foundDynamodb(endpoint);
    options.onLine?.(line);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator printed no URL within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}) before it was ready: ${errors.sample.join(' | ')}`));
    });
  }).catch((error) => {
    child.kill('SIGKILL'); // never leave it behind
    throw error;
  });
  return {
    url,
    pid: /** @type {number} */ (child.pid),
    readyMs: Math.round(performance.now() - startedAt),
    errors,
    /** The embedded DynamoDB's URL, from the log line at level info (the CLI logs it just after it is ready). */
    findDynamodbEndpoint() {
      const timeout = new Promise((_resolve, reject) => setTimeout(() => reject(new Error('the emulator logged no DynamoDB endpoint (log level info)')), READY_TIMEOUT_MS).unref());
      return Promise.race([dynamodbEndpoint, timeout]);
    },
    /** SIGTERM, then SIGKILL if it is still there after 10 s. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
