import { booleanFlag, clientOptions, stringFlag, UsageError } from '../args.js';
import { clientFor } from '../client-options.js';
import { ExitCode } from '../output.js';
const describeLimit = (l) => `${l.name}  ${l.limit} per ${l.per_ms >= 1000 && l.per_ms % 1000 === 0 ? `${l.per_ms / 1000}s` : `${l.per_ms}ms`}`;
const set = {
    name: 'rate-limit set',
    summary: 'declare or change a named rate limit: --limit N --per 1s',
    usage: '<name> --limit N --per DURATION [--json]',
    description: 'Claims never start more than N units of the limit in any stretch of DURATION (per name and step key), across every worker.',
    options: {
        limit: { type: 'string', valueName: 'N', description: 'units per window (a whole number, at least 1)' },
        per: { type: 'string', valueName: 'DURATION', description: 'the window: 1s, 1m, 1h, ...' },
        json: { type: 'boolean', description: 'print the limit as JSON' },
        ...clientOptions,
    },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const limit = Number(stringFlag(args, 'limit'));
        const per = stringFlag(args, 'per');
        if (!Number.isInteger(limit) || limit < 1)
            throw new UsageError('--limit must be a whole number of units, at least 1', 'rate-limit set');
        if (per === undefined)
            throw new UsageError('--per is required: the window, such as 1s or 1m', 'rate-limit set');
        const view = await clientFor(args, ctx).setRateLimit(args.positionals[0], limit, per);
        ctx.out(booleanFlag(args, 'json') ? JSON.stringify(view, null, 2) : `set ${describeLimit(view)}`);
        return ExitCode.ok;
    },
};
const list = {
    name: 'rate-limit list',
    summary: 'list the named rate limits',
    usage: '[--json]',
    options: { json: { type: 'boolean', description: 'print them as JSON' }, ...clientOptions },
    positionals: { min: 0, max: 0 },
    async run(args, ctx) {
        const limits = await clientFor(args, ctx).listRateLimits();
        if (booleanFlag(args, 'json'))
            ctx.out(JSON.stringify(limits, null, 2));
        else
            ctx.out(limits.length === 0 ? 'no rate limits; declare one with `baton rate-limit set NAME --limit N --per 1s`' : limits.map(describeLimit).join('\n'));
        return ExitCode.ok;
    },
};
export const commands = [set, list];
//# sourceMappingURL=rate-limit.js.map