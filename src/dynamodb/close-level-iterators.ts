import { createRequire } from 'node:module';

/**
 * The stores dynalite keeps its data in (in memory, and on disk with a persist directory), each
 * with the path from dynalite to its package: both build on abstract-level, maybe on different copies.
 */
const STORE_PACKAGES: ReadonlyArray<readonly string[]> = [
  ['memory-level'],
  ['level', 'classic-level'],
];

type IteratorPrototype = { return?: unknown; close(): Promise<void> };

/**
 * Makes every iterator dynalite opens close when dynalite is done with it.
 *
 * dynalite 4 reads a table (Query, Scan, deleting a table) by wrapping a level iterator in a
 * stream whose `destroy` calls `iterator.return()` "if present"; abstract-level 3 iterators have
 * no `return()` (their method is `close()`), so no iterator is ever closed. The store keeps every
 * open iterator in its set of resources, and an in-memory iterator holds the version of the data
 * it read: each Query leaked about 1-3 KiB of heap plus 0.6-1.1 KiB of buffers, for as long as the
 * store lives (measured in docs/performance.md#embedded-dynamodb).
 *
 * A wrapper rather than a patch of node_modules: it also works where a user's package manager
 * installed dynalite, and it stops applying by itself once either library adds `return()`. It
 * changes a prototype of abstract-level, which is why it runs only in the DynamoDB worker's thread
 * (dynamodb-worker-entry.ts), where nothing else uses that library.
 *
 * @returns how many iterator prototypes were given `return()` (0 once the libraries fix it).
 */
export function closeLevelIteratorsOnReturn(): number {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const patched = new Set<IteratorPrototype>();
  for (const chain of STORE_PACKAGES) {
    const base = findIteratorBase(fromDynalite, chain);
    if (base === undefined || 'return' in base || patched.has(base)) continue;
    Object.defineProperty(base, 'return', {
      value(this: IteratorPrototype) {
        return this.close();
      },
      configurable: true,
      writable: true,
    });
    patched.add(base);
  }
  return patched.size;
}

/** The prototype every iterator of that store inherits from (abstract-level's CommonIterator). */
function findIteratorBase(fromDynalite: NodeJS.Require, chain: readonly string[]): IteratorPrototype | undefined {
  try {
    let require = fromDynalite;
    for (const name of chain) require = createRequire(require.resolve(name));
    const { AbstractIterator } = require('abstract-level') as { AbstractIterator: { prototype: object } };
    return Object.getPrototypeOf(AbstractIterator.prototype) as IteratorPrototype;
  } catch {
    return undefined; // that store is not installed (or laid out differently): nothing of it to fix
  }
}
