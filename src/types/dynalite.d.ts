// dynalite 4.0.0 ships no types. This declares the part we use: the factory returning a plain
// `http.Server` (its `close()` also closes the store). See node_modules/dynalite/index.js.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB directory; in memory when absent. */
    path?: string;
    /** Time a table stays CREATING, in ms (default 500). */
    createTableMs?: number;
    /** Time a table stays DELETING, in ms (default 500). */
    deleteTableMs?: number;
    /** Time a table stays UPDATING, in ms (default 500). */
    updateTableMs?: number;
    /** Maximum item size in KB (default 400). */
    maxItemSizeKb?: number;
    verbose?: boolean;
    debug?: boolean;
  }

  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}
