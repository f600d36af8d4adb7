/**
 * `baton prune --older-than 7d`: deletes finished tasks (complete, error,
 * cancelled, timed_out) that finished longer ago than the given age, with
 * their steps and transitions, in the same bounded batches as the background
 * pruner. Live tasks are never touched. Safe while servers and workers run.
 */
import { pruneFinishedTasks } from '../../core/pruner.js';
import { formatDuration, parseDuration } from '../../domain/duration.js';
import { sqlState } from '../../store/sqlstate.js';
import { stringFlag, UsageError } from '../args.js';
import { loadCliConfig, openConfiguredDatabase } from '../config.js';
import { CliError, ExitCode } from '../output.js';
const DAY_MS = 86_400_000;
const command = {
    name: 'prune',
    summary: 'delete finished tasks older than an age, with their steps and history',
    usage: '[--older-than AGE]',
    description: 'AGE is a number with a unit: 90s, 15m, 12h, 7d, 2w (fractions and words allowed: 1.5d, 36 hours).\n' +
        'Without --older-than, the configured retention (retention.finished_tasks_days) is used.\n' +
        'Only tasks that are complete, error, cancelled or timed_out are deleted.',
    options: {
        'older-than': { type: 'string', valueName: 'AGE', description: 'finished longer ago than this (default: retention.finished_tasks_days)' },
    },
    positionals: { min: 0, max: 0 },
    async run(args, ctx) {
        const config = loadCliConfig(args, ctx);
        const raw = stringFlag(args, 'older-than');
        let olderThanMs;
        if (raw !== undefined) {
            const parsed = parseDuration(raw);
            if (parsed === undefined)
                throw new UsageError(`--older-than expects an age such as 90s, 15m, 12h or 7d, got ${JSON.stringify(raw)}`, 'prune');
            olderThanMs = parsed;
        }
        else {
            if (config.retention.finishedTasksDays === 0) {
                throw new UsageError('retention.finished_tasks_days is 0 (keep forever); pass --older-than AGE to prune anyway', 'prune');
            }
            olderThanMs = Math.round(config.retention.finishedTasksDays * DAY_MS);
        }
        const { database } = config;
        const { db, where } = await openConfiguredDatabase(config);
        try {
            const deleted = await pruneFinishedTasks(db, { olderThanMs });
            ctx.out(`deleted ${deleted} finished task${deleted === 1 ? '' : 's'} older than ${formatDuration(olderThanMs)} from ${where} (schema ${database.schema})`);
        }
        catch (err) {
            // 42P01 undefined_table: nothing was ever migrated here.
            if (sqlState(err) === '42P01') {
                throw new CliError(`${where} has no Baton tables in schema ${database.schema}; check --database-url / database.schema, or run \`baton migrate\``, ExitCode.failure, [], {
                    cause: err,
                });
            }
            throw err;
        }
        finally {
            await db.close();
        }
        return ExitCode.ok;
    },
};
export const commands = [command];
//# sourceMappingURL=prune.js.map