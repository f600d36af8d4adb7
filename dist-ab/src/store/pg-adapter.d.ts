import { type Db } from './db.js';
export interface PgOptions {
    url: string;
    schema: string;
    /** Most connections this process opens for queries, the reserve included (the LISTEN connection is extra). */
    poolSize: number;
    /**
     * Connections out of `poolSize` kept for heartbeats and reports (`Db.reserved()`).
     * @default 0 for a pool of 1, 1 for 2 to 7, 2 from 8 (`defaultReservedConnections`)
     */
    reservedConnections?: number;
    /** How long a query waits for a connection (a free one from the pool, or a new one) before it fails. @default 5000 */
    connectionTimeoutMs?: number;
    /** How often the LISTEN connection proves it is alive with a round trip. */
    listenHealthCheckMs?: number;
    onListenerError?: (err: unknown) => void;
}
/** 0 for a pool of 1 (nothing to spare), 1 for 2 to 7, 2 from 8: reports are batched, so one or two connections carry them. */
export declare function defaultReservedConnections(poolSize: number): number;
/**
 * Opens a pool of `poolSize` connections: `reservedConnections` of them only
 * for `db.reserved()`, the rest for everything else. Both pools share the
 * session settings and `application_name`, so operators and fault tests see
 * one set of `baton:<schema>` sessions.
 */
export declare function openPg(options: PgOptions): Db;
