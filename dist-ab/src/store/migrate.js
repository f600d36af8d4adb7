import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BatonError } from '../errors.js';
import { assertSchemaName } from './db.js';
import { SqlState, sqlState } from './sqlstate.js';
const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const REQUIRES = /^-- baton:requires (\d{4})[ \t]*$/m;
function migrationsDir() {
    // Compiled code runs from dist/src/store; the .sql files stay in src/store/migrations.
    const candidates = [new URL('./migrations/', import.meta.url), new URL('../../../src/store/migrations/', import.meta.url)];
    for (const url of candidates) {
        const dir = fileURLToPath(url);
        if (existsSync(dir))
            return dir;
    }
    throw new Error('cannot find the migrations directory (src/store/migrations)');
}
/** One migration file, `NNNN_name.sql`, with its `-- baton:requires NNNN` line if it has one. */
export function parseMigration(file, sql) {
    const match = FILE.exec(file);
    if (!match)
        throw new Error(`migration file name "${file}" is not NNNN_name.sql`);
    const version = Number(match[1]);
    const requires = REQUIRES.exec(sql);
    const required = requires ? Number(requires[1]) : null;
    if (required !== null && required > version) {
        throw new Error(`migration ${file} requires ${requires[1]}, a later migration: a migration can only require itself or an earlier one`);
    }
    return { version, name: match[2], sql, requires: required };
}
export function loadMigrations() {
    const dir = migrationsDir();
    return readdirSync(dir)
        .filter((file) => FILE.test(file))
        .sort()
        .map((file) => parseMigration(file, readFileSync(`${dir}/${file}`, 'utf8')));
}
const label = (version, name) => `${String(version).padStart(4, '0')}${name ? `_${name}` : ''}`;
/**
 * Refuses a schema that a newer Baton migrated past what this process can run
 * against: some applied migration requires one this code does not have.
 * Returns the applied migrations this code does not have but may run with
 * (additive ones of a newer release: a rolling upgrade, or a rollback).
 */
async function checkSchemaKnown(tx, schema, known) {
    const { rows } = await tx.query(`SELECT version, name, requires FROM ${schema}.migrations ORDER BY version`);
    const knownVersions = new Set(known.map((m) => m.version));
    const newest = Math.max(0, ...knownVersions);
    const blocking = rows.filter((r) => r.requires !== null && !knownVersions.has(r.requires));
    if (blocking.length > 0) {
        const required = Math.max(...blocking.map((r) => r.requires));
        const requiredName = rows.find((r) => r.version === required)?.name;
        throw new BatonError('schema_too_new', `the database schema "${schema}" was migrated by a newer Baton: migration ${label(blocking[0].version, blocking[0].name)} ` +
            `cannot run with processes that do not know migration ${label(required, requiredName)}, and this Baton knows migrations up to ${label(newest)}. ` +
            `Upgrade Baton to a version that includes migration ${label(required, requiredName)} (or later); do not run this version against this database`, {
            details: {
                schema,
                known_up_to: newest,
                requires: required,
                requires_name: requiredName ?? null,
                migrations: blocking.map((r) => ({ version: r.version, name: r.name, requires: r.requires })),
            },
        });
    }
    return rows.filter((r) => !knownVersions.has(r.version)).map((r) => ({ version: r.version, name: r.name }));
}
/**
 * Applies pending migrations, each in its own transaction under a transaction-
 * scoped advisory lock, so processes that start together take turns
 * (graphile/worker#496). A lost race on creating the schema counts as success.
 * First refuses (`schema_too_new`) a schema that a newer Baton migrated past
 * what this code can run against; `newer` lists the applied migrations this
 * code does not have but may run with.
 */
export async function migrate(db) {
    const schema = assertSchemaName(db.schema);
    const lockKey = `baton_migrate:${schema}`;
    const migrations = loadMigrations();
    const applied = [];
    const newer = await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
        await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((err) => {
            if (sqlState(err) !== SqlState.uniqueViolation && sqlState(err) !== SqlState.duplicateSchema)
                throw err;
        });
        const { rows } = await tx.query(`SELECT to_regclass($1) IS NOT NULL AS exists,
              EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'requires' AND NOT attisdropped) AS has_requires`, [`${schema}.migrations`]);
        if (!rows[0].exists) {
            await tx.query(`CREATE TABLE ${schema}.migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), requires integer)`);
        }
        else if (!rows[0].has_requires) {
            // A table made before `requires` existed: releases that never wrote it read past the column.
            await tx.query(`ALTER TABLE ${schema}.migrations ADD COLUMN requires integer`);
        }
        return checkSchemaKnown(tx, schema, migrations);
    });
    for (const migration of migrations) {
        const didApply = await db.transaction(async (tx) => {
            await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
            const done = await tx.query(`SELECT 1 FROM ${schema}.migrations WHERE version = $1`, [migration.version]);
            if (done.rowCount > 0)
                return false;
            await tx.query(`SET LOCAL search_path TO ${schema}, public`);
            await tx.exec(migration.sql);
            await tx.query(`INSERT INTO ${schema}.migrations (version, name, requires) VALUES ($1, $2, $3)`, [migration.version, migration.name, migration.requires]);
            return true;
        });
        if (didApply)
            applied.push(migration.version);
    }
    return { applied, newer };
}
//# sourceMappingURL=migrate.js.map