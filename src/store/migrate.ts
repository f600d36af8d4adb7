import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertSchemaName, type Db } from './db.js';
import { SqlState, sqlState } from './sqlstate.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

function migrationsDir(): string {
  // Compiled code runs from dist/src/store; the .sql files stay in src/store/migrations.
  const candidates = [new URL('./migrations/', import.meta.url), new URL('../../../src/store/migrations/', import.meta.url)];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(dir)) return dir;
  }
  throw new Error('cannot find the migrations directory (src/store/migrations)');
}

export function loadMigrations(): Migration[] {
  const dir = migrationsDir();
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file.slice(5, -4), sql: readFileSync(`${dir}/${file}`, 'utf8') }));
}

/**
 * Applies pending migrations, each in its own transaction under a transaction-
 * scoped advisory lock, so processes that start together take turns
 * (graphile/worker#496). A lost race on creating the schema counts as success.
 */
export async function migrate(db: Db): Promise<{ applied: number[] }> {
  const schema = assertSchemaName(db.schema);
  const lockKey = `baton_migrate:${schema}`;
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((err) => {
      if (sqlState(err) !== SqlState.uniqueViolation && sqlState(err) !== SqlState.duplicateSchema) throw err;
    });
    const { rows } = await tx.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [`${schema}.migrations`]);
    if (!rows[0].exists) {
      await tx.query(
        `CREATE TABLE ${schema}.migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
    }
  });
  for (const migration of loadMigrations()) {
    const didApply = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
      const done = await tx.query(`SELECT 1 FROM ${schema}.migrations WHERE version = $1`, [migration.version]);
      if (done.rowCount > 0) return false;
      await tx.query(`SET LOCAL search_path TO ${schema}, public`);
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO ${schema}.migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return { applied };
}
