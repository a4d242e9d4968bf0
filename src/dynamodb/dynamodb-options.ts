import path from 'node:path';
import { createProblemsError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { systemClock, type Clock } from '../util/clock.js';
import { resolveTables, type TableDefinition, type TableOptions } from './table-definition.js';
import { TTL_SWEEP_INTERVAL_MS } from './ttl-sweeper.js';

export interface DynamoDbOptions {
  /** Tables to create (if missing) before the emulator accepts its first connection. Default none. */
  readonly tables?: readonly TableOptions[];
  /**
   * An external DynamoDB, e.g. DynamoDB Local (`'http://127.0.0.1:8000'`) or a real account's
   * regional endpoint. No dynalite is started, tables are created there if missing, and the
   * service's own TTL applies (no sweeper). Default: the embedded dynalite.
   */
  readonly endpoint?: string;
  /** Directory where the embedded dynalite keeps its data (LevelDB) between runs. Default: in memory. */
  readonly persistDir?: string;
  /** Time for TTL expiry: an item expires when its TTL attribute is below `clock.now()`. Default the system clock. */
  readonly clock?: Clock;
  /** Region of the credential scope and ARNs. Default `'us-east-1'`. */
  readonly region?: string;
  /** Credentials for an external endpoint only. Default: the AWS SDK's chain (environment, profile...). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** How often expired items are deleted, in ms of `clock`. Default `TTL_SWEEP_INTERVAL_MS` (1 s). */
  readonly ttlSweepIntervalMs?: number;
  /** Default silent. */
  readonly logger?: Logger;
}

export interface ResolvedDynamoDbOptions {
  readonly tables: readonly TableDefinition[];
  readonly endpoint: string | undefined;
  readonly persistDir: string | undefined;
  readonly clock: Clock;
  readonly region: string;
  readonly credentials: DynamoDbOptions['credentials'];
  readonly ttlSweepIntervalMs: number;
  readonly logger: Logger;
}

const MAX_SWEEP_INTERVAL_MS = 86_400_000;

/**
 * Validates the options, collecting every problem into one `EmulatorError` (`ERR_INVALID_OPTIONS`,
 * worded like `src/config/problems.ts`), and fills in the defaults.
 */
export function resolveDynamoDbOptions(options: DynamoDbOptions): ResolvedDynamoDbOptions {
  const { tables, problems } = resolveTables(options.tables ?? [], 'tables');
  const { endpoint, persistDir, ttlSweepIntervalMs = TTL_SWEEP_INTERVAL_MS } = options;
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    problems.push(`endpoint: ${JSON.stringify(endpoint)} is not an http(s) URL; write e.g. 'http://127.0.0.1:8000'`);
  }
  if (persistDir !== undefined && (typeof persistDir !== 'string' || persistDir === '')) {
    problems.push(`persistDir: ${JSON.stringify(persistDir)} is not a directory path`);
  } else if (persistDir !== undefined && endpoint !== undefined) {
    problems.push('persistDir: has no effect with endpoint (the external DynamoDB keeps its own data); remove one of them');
  }
  if (!Number.isInteger(ttlSweepIntervalMs) || ttlSweepIntervalMs < 1 || ttlSweepIntervalMs > MAX_SWEEP_INTERVAL_MS) {
    problems.push(`ttlSweepIntervalMs: ${JSON.stringify(ttlSweepIntervalMs)} is not a whole number from 1 to ${MAX_SWEEP_INTERVAL_MS}`);
  }
  if (problems.length > 0) {
    throw createProblemsError('ERR_INVALID_OPTIONS', 'Invalid DynamoDB options', problems);
  }
  return Object.freeze({
    tables,
    endpoint: endpoint?.replace(/\/+$/, ''),
    persistDir: persistDir === undefined ? undefined : path.resolve(persistDir),
    clock: options.clock ?? systemClock,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials,
    ttlSweepIntervalMs,
    logger: options.logger ?? silentLogger,
  });
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
