import { silentLogger, type Logger } from '../log/logger.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import { errorName, type DynamoDbCaller } from './dynamodb-caller.js';
import type { TtlRegistry } from './ttl-registry.js';

/** How often expired items are deleted, in ms of the emulator's clock. AWS takes up to 48 hours. */
export const TTL_SWEEP_INTERVAL_MS = 1_000;
/** AWS ignores expiry times more than five years in the past (developer guide, "Time to Live"). */
export const TTL_MAX_AGE_SECONDS = 5 * 365 * 24 * 60 * 60;

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

export interface TtlSweeperOptions {
  readonly caller: DynamoDbCaller;
  readonly registry: TtlRegistry;
  readonly clock: Clock;
  /** Default `TTL_SWEEP_INTERVAL_MS`. */
  readonly intervalMs?: number;
  readonly logger?: Logger;
}

/**
 * Deletes expired items, which dynalite never does. An item expires when its TTL attribute is a
 * Number (epoch seconds) below the clock's now and not more than five years old; an item whose
 * attribute is missing or of another type never expires (AWS behaviour:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html).
 * Each pass is a filtered Scan, then a DeleteItem conditioned on the value it saw, so an item
 * whose TTL moved meanwhile survives. Passes never overlap: the next is scheduled when one ends.
 */
export class TtlSweeper {
  readonly #options: TtlSweeperOptions;
  readonly #logger: Logger;
  readonly #warned = new Set<string>();
  #timer: TimerHandle | undefined;
  #running: Promise<number> | undefined;
  /** The last clock-driven pass, settled once the next one is scheduled. */
  #tick: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: TtlSweeperOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  /** Starts sweeping every interval of the clock. */
  start(): void {
    this.#schedule();
  }

  /** Runs a pass now, or joins the one running; resolves with the number of items deleted. */
  sweep(): Promise<number> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Resolves when no pass is running and the next one is scheduled (for tests driving the clock). */
  async whenIdle(): Promise<void> {
    await this.#running?.catch(() => undefined);
    await this.#tick;
  }

  /** Stops the timer and waits for a running pass. Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    await this.whenIdle();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#tick = this.sweep()
        .then(
          () => undefined,
          (error: Error) => this.#warnOnce(`DynamoDB: TTL sweep failed: ${errorName(error)}: ${error.message}`),
        )
        .finally(() => this.#schedule());
    }, this.#options.intervalMs ?? TTL_SWEEP_INTERVAL_MS);
  }

  async #pass(): Promise<number> {
    const nowSeconds = this.#options.clock.now() / 1000;
    let deleted = 0;
    for (const [table, attribute] of this.#options.registry.enabledTables()) {
      const count = await this.#sweepTable(table, attribute, nowSeconds);
      if (count > 0) this.#logger.debug(`DynamoDB: TTL deleted ${count} expired item(s) from ${table}`);
      deleted += count;
    }
    return deleted;
  }

  async #sweepTable(table: string, attribute: string, nowSeconds: number): Promise<number> {
    const { caller } = this.#options;
    let keys: string[];
    try {
      const { Table } = await caller.call<{ Table: { KeySchema: Array<{ AttributeName: string }> } }>('DescribeTable', { TableName: table });
      keys = Table.KeySchema.map((key) => key.AttributeName);
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return 0; // deleted behind our back, or not yet created
      throw error;
    }
    // One placeholder per attribute: the TTL attribute may also be a key.
    const projected = [...new Set([...keys, attribute])];
    const names = Object.fromEntries(projected.map((name, index) => [`#a${index}`, name]));
    const ttl = `#a${projected.indexOf(attribute)}`;
    const scan = {
      TableName: table,
      ProjectionExpression: Object.keys(names).join(', '),
      FilterExpression: `attribute_type(${ttl}, :number) AND ${ttl} < :now AND ${ttl} >= :oldest`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':number': { S: 'N' }, ':now': { N: String(nowSeconds) }, ':oldest': { N: String(nowSeconds - TTL_MAX_AGE_SECONDS) } },
    };
    let deleted = 0;
    let start: Item | undefined;
    do {
      const page: { Items?: Item[]; LastEvaluatedKey?: Item } = await caller.call('Scan', { ...scan, ExclusiveStartKey: start });
      for (const item of page.Items ?? []) {
        if (await this.#deleteIfUnchanged(table, keys, attribute, item)) deleted += 1;
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return deleted;
  }

  async #deleteIfUnchanged(table: string, keys: string[], attribute: string, item: Item): Promise<boolean> {
    try {
      await this.#options.caller.call('DeleteItem', {
        TableName: table,
        Key: Object.fromEntries(keys.map((key) => [key, item[key]])),
        ConditionExpression: '#ttl = :seen',
        ExpressionAttributeNames: { '#ttl': attribute },
        ExpressionAttributeValues: { ':seen': item[attribute] },
      });
      return true;
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return false; // updated or deleted since the scan
      throw error;
    }
  }

  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#logger.warn(message);
  }
}
