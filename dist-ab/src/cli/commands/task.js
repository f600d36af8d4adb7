/**
 * `baton task submit|get|list|watch|cancel` (and the operator actions): tasks over the HTTP API.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TaskStatuses } from '../../domain/types.js';
import { isTerminalStatus } from '../../sdk/client.js';
import { booleanFlag, clientOptions, intFlag, listFlag, stringFlag, UsageError } from '../args.js';
import { clientFor } from '../client-options.js';
import { resolveStep, retryStep, signal } from './task-operator.js';
import { bulkOptions, failures, hasFilterFlags, retryTasks, runBulkCommand } from './task-bulk.js';
import { CliError, ExitCode } from '../output.js';
import { renderTaskDetail, renderTaskList } from '../task-render.js';
import { followTask, watch } from './task-watch.js';
const json = { type: 'boolean', description: 'print JSON instead of text' };
/** `ns/name` or `ns/name@version`. */
export function parseTemplateRef(ref) {
    const match = /^([^/@\s]+)\/([^/@\s]+)(?:@([^/@\s]+))?$/.exec(ref);
    if (!match)
        throw new UsageError(`expected <namespace/name[@version]>, got ${JSON.stringify(ref)}`, 'task submit');
    const [, namespace, name, version] = match;
    return version === undefined ? { namespace, name } : { namespace, name, version };
}
/** `--context`: inline JSON, `@file`, or `@-` for standard input. Must be a JSON object. */
export function readContext(value, cwd, readStdin = () => readFileSync(0, 'utf8')) {
    if (value === undefined)
        return {};
    let text = value;
    let origin = '--context';
    if (value.startsWith('@')) {
        const file = value.slice(1);
        origin = file === '-' ? 'standard input' : file;
        try {
            text = file === '-' ? readStdin() : readFileSync(resolve(cwd, file), 'utf8');
        }
        catch (err) {
            throw new CliError(`cannot read context file ${file}: ${err.message}`, ExitCode.usage);
        }
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (err) {
        throw new CliError(`context from ${origin} is not valid JSON: ${err.message}`, ExitCode.usage);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new CliError(`context from ${origin} must be a JSON object, got ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed)}`, ExitCode.usage);
    }
    return parsed;
}
function statusFlag(value) {
    if (value === undefined)
        return undefined;
    if (!Object.hasOwn(TaskStatuses, value)) {
        throw new UsageError(`--status must be one of ${Object.keys(TaskStatuses).join(', ')}; got ${JSON.stringify(value)}`, 'task list');
    }
    return value;
}
function printJson(ctx, value) {
    ctx.out(JSON.stringify(value, null, 2));
}
const submit = {
    name: 'task submit',
    summary: 'submit a task; with --wait, follow it to the end',
    usage: '<namespace/name[@version]> [--context <json|@file>] [--wait] [options]',
    description: 'Prints the new task id. With --wait, shows live progress (as `task watch` does) and the outcome;\n' +
        'exits 1 if the task ends in error, cancelled or timed_out. --context @- reads standard input.',
    options: {
        context: { type: 'string', valueName: '<json|@file>', description: 'task context: a JSON object (default {})' },
        'idempotency-key': { type: 'string', valueName: 'KEY', description: 'submitting the same key again returns the existing task' },
        priority: { type: 'string', valueName: 'N', description: 'higher runs first (default 0)' },
        tag: { type: 'string', multiple: true, valueName: 'TAG', description: 'a tag to filter by later (repeatable)' },
        'run-at': { type: 'string', valueName: 'ISO', description: 'do not start before this time (ISO 8601)' },
        wait: { type: 'boolean', description: 'wait for the task to finish, showing live progress' },
        json,
        ...clientOptions,
    },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const ref = parseTemplateRef(args.positionals[0]);
        const runAt = stringFlag(args, 'run-at');
        if (runAt !== undefined && Number.isNaN(Date.parse(runAt))) {
            throw new UsageError(`--run-at must be an ISO 8601 time such as 2030-01-01T09:00:00Z, got ${JSON.stringify(runAt)}`, 'task submit');
        }
        const priority = intFlag(args, 'priority');
        const key = stringFlag(args, 'idempotency-key');
        const tags = listFlag(args, 'tag');
        const request = {
            ...ref,
            context: readContext(stringFlag(args, 'context'), ctx.cwd),
            ...(key === undefined ? {} : { idempotency_key: key }),
            ...(priority === undefined ? {} : { priority }),
            ...(tags.length === 0 ? {} : { tags }),
            ...(runAt === undefined ? {} : { run_at: runAt }),
        };
        const asJson = booleanFlag(args, 'json');
        const client = clientFor(args, ctx);
        const result = await client.submit(request);
        if (!result.created)
            ctx.err(`note: a task with idempotency key "${key}" already exists; not submitting again`);
        if (!booleanFlag(args, 'wait')) {
            if (asJson)
                printJson(ctx, result);
            else
                ctx.out(result.id);
            return ExitCode.ok;
        }
        if (!asJson)
            ctx.out(result.id);
        // With --json, stdout holds only the final task; progress (one JSON event per line) goes to stderr.
        const code = await followTask(client, result.id, ctx, { json: asJson, progressTo: asJson ? 'err' : 'out', outcome: !asJson });
        if (asJson)
            printJson(ctx, await client.get(result.id));
        return code;
    },
};
const get = {
    name: 'task get',
    summary: 'show a task and its steps',
    usage: '<task-id> [--json]',
    options: { json, ...clientOptions },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const task = await clientFor(args, ctx).get(args.positionals[0]);
        if (booleanFlag(args, 'json'))
            printJson(ctx, task);
        else
            renderTaskDetail(task).forEach((line) => ctx.out(line));
        return ExitCode.ok;
    },
};
const list = {
    name: 'task list',
    summary: 'list tasks, newest first',
    usage: '[--status S] [--namespace N] [--name N] [--tag T] [--limit N] [--cursor C] [--json]',
    description: 'When there are more tasks, the command for the next page is printed on standard error.',
    options: {
        status: { type: 'string', valueName: 'S', description: `one of ${Object.keys(TaskStatuses).join(', ')}` },
        namespace: { type: 'string', valueName: 'N', description: 'template namespace' },
        name: { type: 'string', valueName: 'N', description: 'template name' },
        tag: { type: 'string', valueName: 'T', description: 'tasks carrying this tag' },
        limit: { type: 'string', valueName: 'N', description: 'page size' },
        cursor: { type: 'string', valueName: 'C', description: 'next_cursor of the previous page' },
        json,
        ...clientOptions,
    },
    positionals: { min: 0, max: 0 },
    async run(args, ctx) {
        const status = statusFlag(stringFlag(args, 'status'));
        const limit = intFlag(args, 'limit', { min: 1 });
        const filter = {
            ...(status === undefined ? {} : { status }),
            ...(limit === undefined ? {} : { limit }),
            ...Object.fromEntries(['namespace', 'name', 'tag', 'cursor'].flatMap((k) => (stringFlag(args, k) === undefined ? [] : [[k, stringFlag(args, k)]]))),
        };
        const page = await clientFor(args, ctx).list(filter);
        if (booleanFlag(args, 'json')) {
            printJson(ctx, page);
            return ExitCode.ok;
        }
        renderTaskList(page.tasks).forEach((line) => ctx.out(line));
        if (page.next_cursor !== null)
            ctx.err(`more: add --cursor ${page.next_cursor}`);
        return ExitCode.ok;
    },
};
const cancel = {
    name: 'task cancel',
    summary: 'cancel a task, or every live task a filter matches (running handlers see their signal abort)',
    usage: '<task-id> [--json] | --status S --template NS/NAME --tag T --created-after ISO --created-before ISO --error-code CODE [--dry-run] [--yes] [--limit N]',
    description: 'With a filter instead of an id, shows the count of matching live tasks and asks before cancelling them;\n' +
        '--yes skips the question (and is needed when standard input is not a terminal).',
    options: { ...bulkOptions, ...clientOptions },
    positionals: { min: 0, max: 1 },
    async run(args, ctx) {
        if (args.positionals.length === 0)
            return runBulkCommand('cancel', args, ctx);
        if (hasFilterFlags(args) || booleanFlag(args, 'dry-run') || booleanFlag(args, 'yes') || stringFlag(args, 'limit') !== undefined) {
            throw new UsageError('give a task id or filter flags (--status, --template, ...), not both', 'task cancel');
        }
        const id = args.positionals[0];
        const result = await clientFor(args, ctx).cancel(id);
        if (booleanFlag(args, 'json'))
            printJson(ctx, result);
        else if (result.changed)
            ctx.out(`cancelled ${id}`);
        else
            ctx.out(`task ${id} is already ${result.status}${isTerminalStatus(result.status) ? '; nothing to cancel' : ''}`);
        return ExitCode.ok;
    },
};
export const commands = [submit, get, list, watch, cancel, retryTasks, retryStep, resolveStep, signal, failures];
//# sourceMappingURL=task.js.map