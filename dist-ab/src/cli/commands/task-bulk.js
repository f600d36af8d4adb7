/**
 * `baton task cancel --filter…`, `baton task retry` and `baton task failures`:
 * bulk operations by filter and the dead-letter view, over the HTTP API.
 * A run first counts the matches (a dry run) and asks before changing them,
 * unless `--yes`.
 */
import { TaskStatuses } from '../../domain/types.js';
import { booleanFlag, clientOptions, intFlag, listFlag, stringFlag, UsageError } from '../args.js';
import { clientFor } from '../client-options.js';
import { ExitCode } from '../output.js';
/** The filter flags both bulk commands take. */
export const filterOptions = {
    status: { type: 'string', multiple: true, valueName: 'S', description: `tasks in this status (repeatable): ${Object.keys(TaskStatuses).join(', ')}` },
    template: { type: 'string', valueName: 'NS[/NAME]', description: 'tasks of this template (or of every template in the namespace)' },
    tag: { type: 'string', valueName: 'T', description: 'tasks carrying this tag' },
    'created-after': { type: 'string', valueName: 'ISO', description: 'created at or after this time (ISO 8601, e.g. 2030-01-07T00:00:00Z)' },
    'created-before': { type: 'string', valueName: 'ISO', description: 'created before this time (ISO 8601)' },
    'error-code': { type: 'string', valueName: 'CODE', description: "tasks with a step in error whose error's code is this" },
};
/** Flags of a bulk run. */
export const bulkOptions = {
    ...filterOptions,
    'dry-run': { type: 'boolean', description: 'count the matches and show the first 20; change nothing' },
    yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation (needed when standard input is not a terminal)' },
    limit: { type: 'string', valueName: 'N', description: 'act on at most N tasks, oldest first (default 10000, at most 100000)' },
    json: { type: 'boolean', description: 'print the answer as JSON' },
};
/** Whether any filter flag was given. */
export function hasFilterFlags(args) {
    return Object.keys(filterOptions).some((name) => args.values[name] !== undefined);
}
/** The filter flags as the API's filter; a bad value is a usage error naming its flag. */
export function parseFilterFlags(args, command) {
    const statuses = listFlag(args, 'status').flatMap((s) => s.split(',').filter((v) => v !== ''));
    for (const s of statuses) {
        if (!Object.hasOwn(TaskStatuses, s))
            throw new UsageError(`--status must be one of ${Object.keys(TaskStatuses).join(', ')}; got ${JSON.stringify(s)}`, command);
    }
    const filter = statuses.length > 0 ? { status: statuses } : {};
    const template = stringFlag(args, 'template');
    if (template !== undefined) {
        const match = /^([^/@\s]+)(?:\/([^/@\s]+))?$/.exec(template);
        if (match === null)
            throw new UsageError(`--template must be <namespace> or <namespace/name>, got ${JSON.stringify(template)}`, command);
        filter.namespace = match[1];
        if (match[2] !== undefined)
            filter.name = match[2];
    }
    const tag = stringFlag(args, 'tag');
    if (tag !== undefined)
        filter.tag = tag;
    for (const [flag, key] of [
        ['created-after', 'created_after'],
        ['created-before', 'created_before'],
    ]) {
        const value = stringFlag(args, flag);
        if (value === undefined)
            continue;
        if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(Date.parse(value))) {
            throw new UsageError(`--${flag} must be an ISO 8601 time such as 2030-01-07T00:00:00Z, got ${JSON.stringify(value)}`, command);
        }
        // The API takes a time with its offset: a time without one is UTC.
        filter[key] = /(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`;
    }
    const code = stringFlag(args, 'error-code');
    if (code !== undefined)
        filter.error_code = code;
    return filter;
}
const VERBS = { cancel: { past: 'cancelled', present: 'cancel' }, retry: { past: 'retried', present: 'retry' } };
function sampleLines(preview) {
    return preview.sample.map((t) => `  ${t.id}  ${t.namespace}/${t.name}  ${t.status}  ${t.created_at}`);
}
/**
 * Counts the matches, asks (unless `--yes`), then runs the bulk operation.
 * Without a terminal to ask on and without `--yes`, refuses (exit 2) naming the count.
 */
export async function runBulkCommand(action, args, ctx) {
    const command = `task ${action}`;
    if (!hasFilterFlags(args)) {
        throw new UsageError(`give a filter: --status, --template, --tag, --created-after, --created-before or --error-code (a bulk ${action} never acts on every task unasked)`, command);
    }
    const filter = parseFilterFlags(args, command);
    const limit = intFlag(args, 'limit', { min: 1, max: 100_000 });
    const asJson = booleanFlag(args, 'json');
    const client = clientFor(args, ctx);
    const call = async (opts) => {
        const bulkOpts = { ...opts, ...(limit === undefined ? {} : { limit }) };
        return action === 'cancel' ? client.cancelTasks(filter, bulkOpts) : client.retryTasks(filter, bulkOpts);
    };
    const preview = (await call({ dryRun: true }));
    const acting = Math.min(preview.matched, preview.limit);
    if (booleanFlag(args, 'dry-run') || preview.matched === 0) {
        if (asJson)
            ctx.out(JSON.stringify(preview, null, 2));
        else {
            ctx.out(`${preview.matched} task${preview.matched === 1 ? '' : 's'} match${preview.matched === 1 ? 'es' : ''}${preview.truncated ? ` (a run acts on the oldest ${preview.limit})` : ''}`);
            sampleLines(preview).forEach((line) => ctx.out(line));
            if (preview.matched > preview.sample.length)
                ctx.out(`  … and ${preview.matched - preview.sample.length} more`);
        }
        return ExitCode.ok;
    }
    if (!booleanFlag(args, 'yes')) {
        const question = `${VERBS[action].present} ${acting} task${acting === 1 ? '' : 's'}${preview.truncated ? ` (of ${preview.matched} matching)` : ''}?`;
        if (ctx.confirm === undefined) {
            throw new UsageError(`${preview.matched} tasks match; standard input is not a terminal, so there is no one to ask: pass --yes to ${VERBS[action].present} them, or --dry-run to list them`, command);
        }
        sampleLines(preview)
            .slice(0, 5)
            .forEach((line) => ctx.err(line));
        if (!(await ctx.confirm(question))) {
            ctx.err('nothing changed');
            return ExitCode.ok;
        }
    }
    const result = (await call({ dryRun: false }));
    printResult(action, result, asJson, ctx);
    return result.failed_count > 0 ? ExitCode.failure : ExitCode.ok;
}
function printResult(action, result, asJson, ctx) {
    if (asJson) {
        ctx.out(JSON.stringify(result, null, 2));
        return;
    }
    ctx.out(`${VERBS[action].past} ${result.changed} of ${result.matched} matching task${result.matched === 1 ? '' : 's'} ` +
        `(${result.skipped} skipped, ${result.failed_count} failed, ${result.batches} batch${result.batches === 1 ? '' : 'es'})`);
    for (const f of result.failed)
        ctx.err(`failed: ${f.task_id}: ${f.code}: ${f.message}`);
    if (result.failed_count > result.failed.length)
        ctx.err(`… and ${result.failed_count - result.failed.length} more failures`);
    if (result.truncated)
        ctx.err('more tasks match: run the command again for the rest');
}
export const retryTasks = {
    name: 'task retry',
    summary: 're-run the steps in error of every task a filter matches (the tasks reopen); asks first unless --yes',
    usage: '--status S --template NS/NAME --tag T --created-after ISO --created-before ISO --error-code CODE [--dry-run] [--yes] [--limit N] [--json]',
    description: 'Shows the count of matching tasks and asks before changing them; --yes skips the question (and is needed\n' +
        'when standard input is not a terminal). Exits 3 if some tasks could not be changed.\n' +
        'example: baton task retry --status error --error-code rate_limited --created-after 2030-01-07T00:00:00Z --yes',
    options: { ...bulkOptions, ...clientOptions },
    positionals: { min: 0, max: 0 },
    run: (args, ctx) => runBulkCommand('retry', args, ctx),
};
export const failures = {
    name: 'task failures',
    summary: 'the dead-letter view: errored tasks grouped by template, step and error code',
    usage: '[--namespace NS] [--created-after ISO] [--created-before ISO] [--limit N] [--json]',
    description: 'Retry a group with: baton task retry --template NS/NAME --error-code CODE',
    options: {
        namespace: { type: 'string', valueName: 'NS', description: 'only templates of this namespace' },
        'created-after': filterOptions['created-after'],
        'created-before': filterOptions['created-before'],
        limit: { type: 'string', valueName: 'N', description: 'most groups shown, largest first (default 100)' },
        json: { type: 'boolean', description: 'print the groups as JSON' },
        ...clientOptions,
    },
    positionals: { min: 0, max: 0 },
    async run(args, ctx) {
        const range = parseFilterFlags({ values: { 'created-after': args.values['created-after'], 'created-before': args.values['created-before'] }, positionals: [] }, 'task failures');
        const namespace = stringFlag(args, 'namespace');
        const limit = intFlag(args, 'limit', { min: 1, max: 1000 });
        const client = clientFor(args, ctx);
        const groups = await client.failures({ ...range, ...(namespace === undefined ? {} : { namespace }), ...(limit === undefined ? {} : { limit }) });
        if (booleanFlag(args, 'json')) {
            ctx.out(JSON.stringify(groups, null, 2));
            return ExitCode.ok;
        }
        if (groups.length === 0) {
            ctx.out('no errored tasks');
            return ExitCode.ok;
        }
        const rows = groups.map((g) => [`${g.namespace}/${g.name}`, g.step, g.error_code ?? '-', String(g.tasks), g.first_seen, g.last_seen, g.last_message ?? '']);
        const header = ['TEMPLATE', 'STEP', 'CODE', 'TASKS', 'FIRST SEEN', 'LAST SEEN', 'LAST MESSAGE'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        for (const row of [header, ...rows])
            ctx.out(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
        return ExitCode.ok;
    },
};
//# sourceMappingURL=task-bulk.js.map