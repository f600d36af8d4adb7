import type { Db, Tx } from './db.js';
/**
 * An open transaction seen as a `Db`, so code written against `Db` (the
 * engine's submit and cancel) joins it: what it writes commits or rolls back
 * with the transaction. Its own transactions are savepoints, so one that fails
 * is undone without aborting the outer transaction. On PGlite this is also
 * the only way to run such code while the transaction is open: the single
 * connection is held by it, and a query outside it would wait forever.
 */
export declare function transactionAsDb(db: Db, tx: Tx): Db;
