/**
 * The narrow database contract every store function takes as its first
 * argument. Two adapters implement it (PGlite embedded, node-postgres pool)
 * with identical SQL and identical type parsing: int8 as number, timestamptz
 * as Date, jsonb as parsed JSON.
 */
export interface QueryResult<Row> {
    rows: Row[];
    rowCount: number;
}
export interface QueryOptions {
    /**
     * Keep the statement prepared on each connection, so it is parsed and
     * planned once rather than per call. For small, hot, fixed-shape statements
     * only (a submission): PostgreSQL may then run a generic plan, which for
     * set-based statements over arrays of ids measured slower than per-call plans.
     * PGlite ignores it.
     */
    prepare?: boolean;
}
export interface Queryable {
    query<Row = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<Row>>;
}
/** A transaction's handle: queries, plus multi-statement scripts for migrations. */
export interface Tx extends Queryable {
    exec(sql: string): Promise<void>;
}
export type NotificationHandler = (payload: string) => void;
export interface PoolCounts {
    /** Open connections (idle and checked out). */
    total: number;
    idle: number;
    /** Queries and transactions waiting for a connection. */
    waiting: number;
}
/** The whole pool (ordinary and reserved connections together), and the reserve on its own. */
export interface PoolStats extends PoolCounts {
    /** Most connections the process opens: `database.pool_size`. */
    max: number;
    /** The connections kept for heartbeats and reports (`Db.reserved()`), counted in the totals too. */
    reserved: PoolCounts & {
        max: number;
    };
}
export interface Db extends Queryable {
    readonly kind: 'pglite' | 'pg';
    /** The schema every query runs in (via search_path). */
    readonly schema: string;
    /** Runs `fn` in one transaction; rolls back if it throws. */
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
    /** Subscribes to a NOTIFY channel; resolves to an unsubscribe function. */
    listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
    /** Whether notifications are currently being received (false while the LISTEN connection reconnects). */
    listenerHealthy(): boolean;
    /** Connection pool use where there is a pool (node-postgres); null for PGlite, which is one connection. */
    poolStats(): PoolStats | null;
    /**
     * The same database over the few connections kept for critical work: lease
     * heartbeats, completions and failures. When claims, submissions and long
     * reads hold every ordinary connection, these still commit, so leases do not
     * expire and finished work is not redone (graphile/worker#564). The reserve
     * is carved out of the pool size, never added to it. PGlite, one connection,
     * and a pool too small to spare one return the handle itself.
     */
    reserved(): Db;
    close(): Promise<void>;
}
/** Schema names are interpolated into DDL, so they are checked, never escaped. */
export declare function assertSchemaName(schema: string): string;
/** NOTIFY channels are per schema so that several Baton deployments (or tests) can share a database. */
export declare function channelName(schema: string, topic: 'ready' | 'cancel' | 'events'): string;
