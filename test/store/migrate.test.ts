import { afterEach, describe, expect, it } from 'vitest';
import { isBatonError } from '../../src/errors.js';
import { createRuntime } from '../../src/runtime.js';
import { loadMigrations, migrate, parseMigration } from '../../src/store/migrate.js';
import { backends, createTestDb, type TestDb } from '../support/db.js';
import { testConfig } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { FIXTURE_MIGRATIONS, restoreUpgradeFixture } from '../support/upgrade-fixture.js';

describe('migration files', () => {
  it('are additive unless a `-- baton:requires NNNN` line names the oldest migration a process must know', () => {
    expect(parseMigration('0007_add_thing.sql', 'ALTER TABLE tasks ADD COLUMN thing text;')).toMatchObject({ version: 7, name: 'add_thing', requires: null });
    const contract = parseMigration('0009_drop_thing.sql', '-- The code stopped reading it in 0007.\n-- baton:requires 0007\nALTER TABLE tasks DROP COLUMN thing;');
    expect(contract).toMatchObject({ version: 9, requires: 7 });
    expect(parseMigration('0008_rename.sql', '-- baton:requires 0008\n').requires).toBe(8);
    expect(() => parseMigration('0008_early.sql', '-- baton:requires 0009\n')).toThrow(/later migration/);
    expect(() => parseMigration('8_bad.sql', '')).toThrow(/NNNN_name\.sql/);
  });

  it('shipped so far are all additive, so the previous release keeps running during a rolling upgrade', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations.filter((m) => m.requires !== null)).toEqual([]);
  });
});

describe.each(backends)('the schema check at start-up on %s', (backend) => {
  let testDb: TestDb | undefined;
  afterEach(async () => {
    await testDb?.close();
    testDb = undefined;
  });

  const newest = Math.max(...loadMigrations().map((m) => m.version));
  const pad = (v: number) => String(v).padStart(4, '0');

  it("records each migration's requirement, also in a table made before the column existed", async () => {
    testDb = await restoreUpgradeFixture(backend);
    await migrate(testDb.db);
    const { rows } = await testDb.db.query<{ version: number; requires: number | null }>('SELECT version, requires FROM migrations ORDER BY version');
    expect(rows).toEqual(loadMigrations().map((m) => ({ version: m.version, requires: null })));
    expect(rows.slice(0, FIXTURE_MIGRATIONS.length).map((r) => r.version)).toEqual(FIXTURE_MIGRATIONS);
  });

  it("starts against a newer release's additive migrations, and names them", async () => {
    testDb = await createTestDb(backend);
    const { db } = testDb;
    await db.query('INSERT INTO migrations (version, name, requires) VALUES ($1, $2, NULL)', [newest + 1, 'from_a_newer_release']);
    expect(await migrate(db)).toEqual({ applied: [], newer: [{ version: newest + 1, name: 'from_a_newer_release' }] });
    const runtime = await createRuntime({ config: testConfig(), db, logger: testLogger, sweeper: false });
    await runtime.stop();
  });

  it('refuses a schema that a newer release contracted, saying which Baton to run, and changes nothing', async () => {
    testDb = await createTestDb(backend);
    const { db } = testDb;
    await db.query('INSERT INTO migrations (version, name, requires) VALUES ($1, $2, NULL), ($3, $4, $1)', [newest + 1, 'stop_reading_thing', newest + 2, 'drop_thing']);
    const before = (await db.query('SELECT * FROM migrations ORDER BY version')).rows;
    const refusal = await migrate(db).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isBatonError(refusal, 'schema_too_new')).toBe(true);
    const err = refusal as Error & { details: unknown };
    expect(err.message).toContain(`migration ${pad(newest + 2)}_drop_thing`);
    expect(err.message).toContain(`Upgrade Baton to a version that includes migration ${pad(newest + 1)}_stop_reading_thing`);
    expect(err.message).toContain(`knows migrations up to ${pad(newest)}`);
    expect(err.details).toMatchObject({ known_up_to: newest, requires: newest + 1, requires_name: 'stop_reading_thing' });
    await expect(createRuntime({ config: testConfig(), db, logger: testLogger, sweeper: false })).rejects.toMatchObject({ code: 'schema_too_new' });
    expect((await db.query('SELECT * FROM migrations ORDER BY version')).rows).toEqual(before);
  });
});
