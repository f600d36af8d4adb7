import { booleanFlag, clientOptions, stringFlag, UsageError } from '../args.js';
import { clientFor } from '../client-options.js';
import { ExitCode } from '../output.js';
import { readJsonFlag } from './task-operator.js';
function describe(result) {
    const event = `event "${result.name}" with key "${result.key}"`;
    if (result.duplicate)
        return `${event} was already sent with this idempotency key; nothing changed`;
    if (result.kept)
        return `${event} reached no waiting step; it is kept for a step that starts waiting for it`;
    return `${event} delivered to ${result.delivered} waiting step${result.delivered === 1 ? '' : 's'}`;
}
const send = {
    name: 'event send',
    summary: 'send an event to every step waiting for its name with a matching key',
    usage: '<name> --key KEY [--payload <json|@file>] [--idempotency-key KEY] [--json]',
    description: 'A wait step `wait: { event: <name>, match: ... }` completes with the payload when its resolved match equals --key.\n' +
        'An event that reaches no waiting step is kept (orchestrator.event_keep_seconds) for one that starts waiting later.',
    options: {
        key: { type: 'string', valueName: 'KEY', description: "the key a waiting step's match must equal (required)" },
        payload: { type: 'string', valueName: '<json|@file>', description: 'the payload (default null)' },
        'idempotency-key': { type: 'string', valueName: 'KEY', description: 'sending the event with this key again delivers nothing twice' },
        json: { type: 'boolean', description: 'print the answer as JSON' },
        ...clientOptions,
    },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const key = stringFlag(args, 'key');
        if (key === undefined || key === '')
            throw new UsageError('--key is required: the key the waiting steps match, such as an order id', 'event send');
        const payload = readJsonFlag(stringFlag(args, 'payload'), ctx.cwd, 'payload', 'event send');
        const idempotencyKey = stringFlag(args, 'idempotency-key');
        const result = await clientFor(args, ctx).sendEvent({
            name: args.positionals[0],
            key,
            ...(payload === undefined ? {} : { payload }),
            ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        });
        if (booleanFlag(args, 'json'))
            ctx.out(JSON.stringify(result, null, 2));
        else
            ctx.out(describe(result));
        return ExitCode.ok;
    },
};
export const commands = [send];
//# sourceMappingURL=event.js.map