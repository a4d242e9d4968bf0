import { readFile, rename, writeFile } from 'node:fs/promises';
import { silentLogger, type Logger } from '../log/logger.js';

/** File, inside the persist directory, where TTL settings survive a restart (dynalite keeps none). */
export const TTL_FILE_NAME = '.apigw-ws-local-ttl.json';

/** DescribeTimeToLive's `TimeToLiveDescription`, as AWS shapes it. */
export type TimeToLiveDescription = { TimeToLiveStatus: 'ENABLED'; AttributeName: string } | { TimeToLiveStatus: 'DISABLED' };

/** UpdateTimeToLive's `TimeToLiveSpecification`. */
export interface TimeToLiveSpecification {
  readonly AttributeName: string;
  readonly Enabled: boolean;
}

/**
 * Each table's TTL setting: the state dynalite lacks. AWS moves through ENABLING/DISABLING for up
 * to an hour and refuses a second change within that hour; here a change is immediate and
 * never refused for timing. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
 */
export class TtlRegistry {
  readonly #attributes = new Map<string, string>();
  readonly #file: string | undefined;
  readonly #logger: Logger;
  #saving: Promise<void> = Promise.resolve();

  private constructor(file: string | undefined, logger: Logger) {
    this.#file = file;
    this.#logger = logger;
  }

  /** A registry kept in memory, or in `file` when given (loaded now, saved on every change). */
  static async load(file?: string, logger: Logger = silentLogger): Promise<TtlRegistry> {
    const registry = new TtlRegistry(file, logger);
    if (file === undefined) return registry;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`TTL settings in ${file} unreadable (${(error as Error).message}); starting with none`);
      return registry;
    }
    try {
      const tables = (JSON.parse(text) as { tables?: Record<string, unknown> }).tables ?? {};
      for (const [table, attribute] of Object.entries(tables)) {
        if (typeof attribute === 'string') registry.#attributes.set(table, attribute);
      }
    } catch {
      logger.warn(`TTL settings in ${file} are not JSON; starting with none (the file is rewritten on the next change)`);
    }
    return registry;
  }

  describe(table: string): TimeToLiveDescription {
    const attribute = this.#attributes.get(table);
    return attribute === undefined ? { TimeToLiveStatus: 'DISABLED' } : { TimeToLiveStatus: 'ENABLED', AttributeName: attribute };
  }

  /**
   * Applies UpdateTimeToLive's rules; returns the ValidationException message when AWS refuses.
   * The first two messages are AWS's verbatim; the third is its wording as reported by other
   * emulators, not checked against AWS.
   */
  update(table: string, specification: TimeToLiveSpecification): string | undefined {
    const current = this.#attributes.get(table);
    if (specification.Enabled && current !== undefined) return 'TimeToLive is already enabled';
    if (!specification.Enabled && current === undefined) return 'TimeToLive is already disabled';
    if (!specification.Enabled && current !== specification.AttributeName) {
      return `TimeToLive is active on a different AttributeName: current value of AttributeName is ${current}`;
    }
    if (specification.Enabled) this.enable(table, specification.AttributeName);
    else this.drop(table);
    return undefined;
  }

  /** Enables TTL on `attribute` whatever the current state (tables from configuration). */
  enable(table: string, attribute: string): void {
    if (this.#attributes.get(table) === attribute) return;
    this.#attributes.set(table, attribute);
    this.#save();
  }

  /** Forgets the table (TTL disabled, or the table deleted). */
  drop(table: string): void {
    if (this.#attributes.delete(table)) this.#save();
  }

  /** `[table, attribute]` for every table with TTL enabled. */
  enabledTables(): Array<[string, string]> {
    return [...this.#attributes];
  }

  /** Resolves when every change so far is on disk. */
  flush(): Promise<void> {
    return this.#saving;
  }

  #save(): void {
    const file = this.#file;
    if (file === undefined) return;
    const text = JSON.stringify({ tables: Object.fromEntries(this.#attributes) }, null, 2) + '\n';
    // Written aside then renamed, so a crash never leaves half a file; writes run one at a time.
    this.#saving = this.#saving
      .then(() => writeFile(`${file}.tmp`, text))
      .then(() => rename(`${file}.tmp`, file))
      .catch((error: Error) => this.#logger.warn(`could not save TTL settings to ${file}: ${error.message}`));
  }
}
