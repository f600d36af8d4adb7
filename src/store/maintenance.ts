/**
 * Statements about the database rather than about tasks: refreshing planner
 * statistics and dropping a throwaway schema (the benchmark's, `baton bench`).
 */
import pg from 'pg';
import { assertSchemaName, type Queryable } from './db.js';
import { SqlState, sqlState } from './sqlstate.js';

/**
 * ANALYZE on the handle's schema. A bulk insert leaves the planner's row
 * estimates at their empty-table values until autovacuum catches up; a
 * measurement taken right after one would time those plans.
 */
export async function analyzeTables(db: Queryable): Promise<void> {
  await db.query('ANALYZE');
}

/**
 * VACUUM ANALYZE, then a CHECKPOINT: what autovacuum and the checkpointer do
 * in the minutes after a bulk load, done before a measurement instead of
 * during it. Right after a million rows were written, commits wait behind the
 * checkpoint that the load's WAL set off (seen at 100 ms and more each), and
 * autovacuum takes a core: figures that measure the load's aftermath, not the
 * backlog. A role not allowed to CHECKPOINT (before PostgreSQL 15's
 * pg_checkpoint role, only superusers) gets the VACUUM ANALYZE alone.
 */
export async function settleTables(db: Queryable): Promise<void> {
  await db.query('VACUUM ANALYZE');
  await db.query('CHECKPOINT').catch((err: unknown) => {
    if (sqlState(err) !== SqlState.insufficientPrivilege) throw err;
  });
}

/** Drops `schema` and everything in it, over a connection of its own to `url`. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${assertSchemaName(schema)} CASCADE`);
  } finally {
    await admin.end();
  }
}
