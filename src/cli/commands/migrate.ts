/**
 * `baton migrate`: applies pending migrations to the configured database.
 */
import { redactUrl } from '../../config/load.js';
import { loadMigrations, migrate } from '../../store/migrate.js';
import { openDatabase } from '../../store/open.js';
import type { CommandSpec } from '../args.js';
import { loadCliConfig } from '../config.js';
import { ExitCode } from '../output.js';

const command: CommandSpec = {
  name: 'migrate',
  summary: 'create or upgrade the database schema',
  usage: '[--database-url URL | --data-dir DIR]',
  description: 'Safe to run while other Baton processes start: migrations take an advisory lock. `baton start` also migrates.',
  options: {},
  positionals: { min: 0, max: 0 },
  async run(args, ctx) {
    const config = loadCliConfig(args, ctx);
    const { database } = config;
    const where = database.url ? redactUrl(database.url) : `embedded database at ${database.dataDir}`;
    const db = await openDatabase({
      ...(database.url ? { url: database.url } : {}),
      dataDir: database.dataDir,
      schema: database.schema,
      poolSize: 1,
    });
    try {
      const { applied } = await migrate(db);
      const names = new Map(loadMigrations().map((m) => [m.version, m.name]));
      const label = (v: number) => `${String(v).padStart(4, '0')}_${names.get(v) ?? '?'}`;
      if (applied.length === 0) ctx.out(`${where} (schema ${database.schema}) is up to date`);
      for (const version of applied) ctx.out(`applied ${label(version)}`);
      if (applied.length > 0) ctx.out(`${where} (schema ${database.schema}) is up to date`);
    } finally {
      await db.close();
    }
    return ExitCode.ok;
  },
};

export const commands: CommandSpec[] = [command];
