import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { dumpPglite, openPglite } from '../../src/store/pglite-adapter.js';

export type Backend = 'pglite' | 'pg';

/** The real PostgreSQL under test, when configured. CI sets it, and an unreachable one fails the run. */
export const PG_URL = process.env.BATON_TEST_DATABASE_URL;

/** Backends every contract suite runs on: PGlite always, PostgreSQL when configured. */
export const backends: Backend[] = PG_URL ? ['pglite', 'pg'] : ['pglite'];

let pgliteTemplate: Promise<Blob> | undefined;

/** A migrated PGlite snapshot, made once per test file, cloned per test (~0.3 s instead of ~3 s). */
function migratedPgliteDump(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const db = await openPglite({ schema: 'baton' });
    await migrate(db);
    const dump = await dumpPglite(db);
    await db.close();
    return dump;
  })();
  return pgliteTemplate;
}

let pgChecked: Promise<void> | undefined;

/** Throws, saying what to do, when BATON_TEST_DATABASE_URL is set but PostgreSQL does not answer. */
export async function assertPgReachable(): Promise<void> {
  pgChecked ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (err) {
      throw new Error(`BATON_TEST_DATABASE_URL is set but PostgreSQL is unreachable (${(err as Error).message}); start it or unset the variable`, { cause: err });
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return pgChecked;
}

export interface TestDb {
  db: Db;
  backend: Backend;
  /** Connection info for child processes (PostgreSQL only). */
  url?: string;
  schema: string;
  close(): Promise<void>;
}

/** A fresh, migrated database: its own PGlite, or its own schema on PostgreSQL. */
export async function createTestDb(backend: Backend, opts: { poolSize?: number } = {}): Promise<TestDb> {
  if (backend === 'pglite') {
    const db = await openPglite({ schema: 'baton', loadDataDir: await migratedPgliteDump() });
    return { db, backend, schema: 'baton', close: () => db.close() };
  }
  await assertPgReachable();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = openPg({ url: PG_URL!, schema, poolSize: opts.poolSize ?? 10 });
  await migrate(db);
  return pgTestDb(db, schema);
}

/** A TestDb over a schema of its own on PostgreSQL; `close` drops the schema. */
export function pgTestDb(db: Db, schema: string): TestDb {
  return {
    db,
    backend: 'pg',
    url: PG_URL!,
    schema,
    async close() {
      await db.close();
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
