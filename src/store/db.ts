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

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
}

/** A transaction's handle: queries, plus multi-statement scripts for migrations. */
export interface Tx extends Queryable {
  exec(sql: string): Promise<void>;
}

export type NotificationHandler = (payload: string) => void;

export interface PoolStats {
  /** Open connections (idle and checked out). */
  total: number;
  idle: number;
  /** Queries and transactions waiting for a connection. */
  waiting: number;
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
  close(): Promise<void>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names are interpolated into DDL, so they are checked, never escaped. */
export function assertSchemaName(schema: string): string {
  if (!IDENTIFIER.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and underscores`);
  }
  return schema;
}

/** NOTIFY channels are per schema so that several Baton deployments (or tests) can share a database. */
export function channelName(schema: string, topic: 'ready' | 'cancel' | 'events'): string {
  return `${schema}_${topic}`;
}
