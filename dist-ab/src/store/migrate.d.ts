import { type Db } from './db.js';
export interface Migration {
    version: number;
    name: string;
    sql: string;
    /**
     * null for an additive migration (the usual case): processes of earlier
     * releases keep running against the schema it leaves. A contract migration
     * (one that drops or changes what an earlier release uses) names, in a
     * `-- baton:requires NNNN` line, the oldest migration a process must know to
     * run against it; older processes then refuse to start (`schema_too_new`).
     */
    requires: number | null;
}
/** A migration applied to the database by a newer Baton, that this one does not have. */
export interface NewerMigration {
    version: number;
    name: string;
}
/** One migration file, `NNNN_name.sql`, with its `-- baton:requires NNNN` line if it has one. */
export declare function parseMigration(file: string, sql: string): Migration;
export declare function loadMigrations(): Migration[];
/**
 * Applies pending migrations, each in its own transaction under a transaction-
 * scoped advisory lock, so processes that start together take turns
 * (graphile/worker#496). A lost race on creating the schema counts as success.
 * First refuses (`schema_too_new`) a schema that a newer Baton migrated past
 * what this code can run against; `newer` lists the applied migrations this
 * code does not have but may run with.
 */
export declare function migrate(db: Db): Promise<{
    applied: number[];
    newer: NewerMigration[];
}>;
