/** `baton task retry-step|resolve-step|signal`: operator actions on one step, over the HTTP API. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { booleanFlag, clientOptions, stringFlag, UsageError } from '../args.js';
import { clientFor } from '../client-options.js';
import { ExitCode } from '../output.js';
import { renderTaskDetail } from '../task-render.js';
const json = { type: 'boolean', description: 'print the task as JSON' };
function show(ctx, asJson, task) {
    if (asJson)
        ctx.out(JSON.stringify(task, null, 2));
    else
        renderTaskDetail(task).forEach((line) => ctx.out(line));
}
/** A JSON flag value, inline or `@file`; undefined when the flag is absent. */
export function readJsonFlag(value, cwd, flag, command) {
    if (value === undefined)
        return undefined;
    const text = value.startsWith('@') ? readFileSync(resolve(cwd, value.slice(1)), 'utf8') : value;
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw new UsageError(`--${flag} is not valid JSON: ${err.message}`, command);
    }
}
export const retryStep = {
    name: 'task retry-step',
    summary: 're-run a step in error and what it blocked (the task reopens)',
    usage: '<task-id> <step> [--json]',
    options: { json, ...clientOptions },
    positionals: { min: 2, max: 2 },
    async run(args, ctx) {
        const [id, step] = args.positionals;
        show(ctx, booleanFlag(args, 'json'), await clientFor(args, ctx).retryStep(id, step));
        return ExitCode.ok;
    },
};
export const resolveStep = {
    name: 'task resolve-step',
    summary: 'mark a step resolved with an output; its dependents go on',
    usage: '<task-id> <step> [--output <json|@file>] [--json]',
    options: { output: { type: 'string', valueName: 'JSON', description: 'the output the dependents receive (default null)' }, json, ...clientOptions },
    positionals: { min: 2, max: 2 },
    async run(args, ctx) {
        const [id, step] = args.positionals;
        const output = readJsonFlag(stringFlag(args, 'output'), ctx.cwd, 'output', 'task resolve-step') ?? null;
        show(ctx, booleanFlag(args, 'json'), await clientFor(args, ctx).resolveStep(id, step, output));
        return ExitCode.ok;
    },
};
const SIGNAL_OUTCOMES = {
    delivered: 'delivered: the step completed with its payload',
    kept: 'kept: the step gets it when it starts waiting',
    duplicate: 'already received with this idempotency key; nothing changed',
};
export const signal = {
    name: 'task signal',
    summary: "send a signal to the task's step waiting for it (kind: wait); its payload becomes the step's output",
    usage: '<task-id> <signal> [--payload <json|@file>] [--idempotency-key KEY] [--json]',
    description: 'The first signal of a name wins: another one is refused (exit 3) unless it repeats the idempotency key.\n' +
        "A payload that fails the wait step's schema is refused (exit 2) and the step keeps waiting.",
    options: {
        payload: { type: 'string', valueName: '<json|@file>', description: 'the payload (default null)' },
        'idempotency-key': { type: 'string', valueName: 'KEY', description: 'sending the same signal with this key again is harmless' },
        json: { type: 'boolean', description: 'print the answer as JSON' },
        ...clientOptions,
    },
    positionals: { min: 2, max: 2 },
    async run(args, ctx) {
        const [id, name] = args.positionals;
        const payload = readJsonFlag(stringFlag(args, 'payload'), ctx.cwd, 'payload', 'task signal');
        const key = stringFlag(args, 'idempotency-key');
        const result = await clientFor(args, ctx).signal(id, name, payload, key === undefined ? {} : { idempotencyKey: key });
        if (booleanFlag(args, 'json'))
            ctx.out(JSON.stringify(result, null, 2));
        else
            ctx.out(`signal "${result.signal}" to step ${result.step} of task ${result.task_id}: ${SIGNAL_OUTCOMES[result.status]}`);
        return ExitCode.ok;
    },
};
//# sourceMappingURL=task-operator.js.map