import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Db } from '../../src/store/db.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { openPglite } from '../../src/store/pglite-adapter.js';
import { assertPgReachable, pgTestDb, PG_URL, type Backend, type TestDb } from './db.js';

/**
 * test/fixtures/upgrade/baton-a47d6ee.sql: a database written by the release
 * before migrations 0004-0006 (commit a47d6ee), tasks in every state. Plain SQL
 * with no schema name in it (see that folder's README.md).
 */
export const UPGRADE_FIXTURE = new URL('../fixtures/upgrade/baton-a47d6ee.sql', import.meta.url);

/** The migrations the fixture's schema has: those of commit a47d6ee. */
export const FIXTURE_MIGRATIONS = [1, 2, 3];

async function restore(db: Db, schema: string): Promise<void> {
  const sql = readFileSync(UPGRADE_FIXTURE, 'utf8');
  await db.transaction(async (tx) => {
    await tx.query(`CREATE SCHEMA ${schema}`);
    await tx.query(`SET LOCAL search_path TO ${schema}, public`);
    await tx.exec(sql);
  });
}

/**
 * A fresh database holding the fixture as restored, NOT migrated: its own
 * PGlite, or its own schema on PostgreSQL (dropped on close).
 */
export async function restoreUpgradeFixture(backend: Backend): Promise<TestDb> {
  if (backend === 'pglite') {
    const db = await openPglite({ schema: 'baton' });
    await restore(db, 'baton');
    return { db, backend, schema: 'baton', close: () => db.close() };
  }
  await assertPgReachable();
  const schema = `u_${randomBytes(6).toString('hex')}`;
  const db = openPg({ url: PG_URL!, schema, poolSize: 10 });
  await restore(db, schema);
  return pgTestDb(db, schema);
}
