/**
 * `baton migrate`: applies pending migrations to the configured database.
 */
import { loadMigrations, migrate } from '../../store/migrate.js';
import { loadCliConfig, openConfiguredDatabase } from '../config.js';
import { ExitCode } from '../output.js';
const command = {
    name: 'migrate',
    summary: 'create or upgrade the database schema',
    usage: '[--database-url URL | --data-dir DIR]',
    description: 'Safe to run while other Baton processes start: migrations take an advisory lock. `baton start` also migrates.',
    options: {},
    positionals: { min: 0, max: 0 },
    async run(args, ctx) {
        const config = loadCliConfig(args, ctx);
        const { database } = config;
        const { db, where } = await openConfiguredDatabase(config);
        try {
            const { applied, newer } = await migrate(db);
            const names = new Map(loadMigrations().map((m) => [m.version, m.name]));
            const label = (v) => `${String(v).padStart(4, '0')}_${names.get(v) ?? '?'}`;
            if (applied.length === 0)
                ctx.out(`${where} (schema ${database.schema}) is up to date`);
            for (const version of applied)
                ctx.out(`applied ${label(version)}`);
            if (applied.length > 0)
                ctx.out(`${where} (schema ${database.schema}) is up to date`);
            for (const m of newer)
                ctx.out(`also has ${String(m.version).padStart(4, '0')}_${m.name}, from a newer Baton (additive: this version runs with it)`);
        }
        finally {
            await db.close();
        }
        return ExitCode.ok;
    },
};
export const commands = [command];
//# sourceMappingURL=migrate.js.map