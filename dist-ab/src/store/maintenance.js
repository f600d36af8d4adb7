/**
 * Statements about the database rather than about tasks: refreshing planner
 * statistics and dropping a throwaway schema (the benchmark's, `baton bench`).
 */
import pg from 'pg';
import { assertSchemaName } from './db.js';
/**
 * ANALYZE on the handle's schema. A bulk insert leaves the planner's row
 * estimates at their empty-table values until autovacuum catches up; a
 * measurement taken right after one would time those plans.
 */
export async function analyzeTables(db) {
    await db.query('ANALYZE');
}
/** Drops `schema` and everything in it, over a connection of its own to `url`. */
export async function dropSchema(url, schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
        await admin.query(`DROP SCHEMA IF EXISTS ${assertSchemaName(schema)} CASCADE`);
    }
    finally {
        await admin.end();
    }
}
//# sourceMappingURL=maintenance.js.map