import { CATCH_UP_POLICIES, OVERLAP_POLICIES } from '../../domain/schedule.js';
import { BatonError } from '../../errors.js';
import { booleanFlag, clientOptions, stringFlag, UsageError } from '../args.js';
import { clientFor } from '../client-options.js';
import { detailLines, exitCodeFor, ExitCode, formatTable } from '../output.js';
import { describeScheduleSpec, readScheduleFiles } from '../schedule-files.js';
import { parseTemplateRef, readContext } from './task.js';
const json = { type: 'boolean', description: 'print JSON instead of text' };
const nameOnly = { min: 1, max: 1 };
function printJson(ctx, value) {
    ctx.out(JSON.stringify(value, null, 2));
}
function oneOf(args, flag, allowed, command) {
    const value = stringFlag(args, flag);
    if (value !== undefined && !allowed.includes(value))
        throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`, command);
    return value;
}
const templateLabel = (s) => `${s.template.namespace}/${s.template.name}${s.template.version ? `@${s.template.version}` : ''}`;
/** One line about a schedule: what `create`, `pause` and `resume` print. */
function summary(s) {
    const next = s.paused ? 'paused' : `next ${s.next_fire_times[0] ?? 'never'}`;
    return `${s.name}: ${templateLabel(s)}, ${describeScheduleSpec(s)}, ${next}`;
}
const create = {
    name: 'schedule create',
    summary: 'create (or replace) a schedule',
    usage: '<name> --template <namespace/name[@version]> (--cron EXPR | --every DURATION) [options]',
    description: 'cron takes 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), in --timezone.\n' +
        'every takes a duration (30s, 5m, 1h); its slots are multiples of it since the Unix epoch.',
    options: {
        template: { type: 'string', valueName: 'REF', description: 'the template to submit: namespace/name[@version] (latest when no version)' },
        cron: { type: 'string', valueName: 'EXPR', description: 'cron expression, e.g. "0 2 * * *"' },
        every: { type: 'string', valueName: 'DURATION', description: 'fixed interval, e.g. 15m' },
        timezone: { type: 'string', valueName: 'TZ', description: 'IANA time zone of the cron (default UTC)' },
        context: { type: 'string', valueName: '<json|@file>', description: 'context of every task: a JSON object (default {})' },
        overlap: { type: 'string', valueName: 'P', description: `${OVERLAP_POLICIES.join(' | ')}: while the previous task runs (default skip)` },
        'catch-up': { type: 'string', valueName: 'P', description: `${CATCH_UP_POLICIES.join(' | ')}: missed slots to fire (default latest)` },
        paused: { type: 'boolean', description: 'create it paused' },
        json,
        ...clientOptions,
    },
    positionals: nameOnly,
    async run(args, ctx) {
        const ref = stringFlag(args, 'template');
        if (ref === undefined)
            throw new UsageError('--template is required', 'schedule create');
        const overlap = oneOf(args, 'overlap', OVERLAP_POLICIES, 'schedule create');
        const catchUp = oneOf(args, 'catch-up', CATCH_UP_POLICIES, 'schedule create');
        const { schedule, created } = await clientFor(args, ctx).applySchedule({
            name: args.positionals[0],
            template: parseTemplateRef(ref),
            context: readContext(stringFlag(args, 'context'), ctx.cwd),
            ...Object.fromEntries(['cron', 'every', 'timezone'].flatMap((k) => (stringFlag(args, k) === undefined ? [] : [[k, stringFlag(args, k)]]))),
            ...(overlap ? { overlap } : {}),
            ...(catchUp ? { catch_up: catchUp } : {}),
            ...(booleanFlag(args, 'paused') ? { paused: true } : {}),
        });
        if (booleanFlag(args, 'json'))
            printJson(ctx, schedule);
        else
            ctx.out(`${created ? 'created' : 'replaced'} ${summary(schedule)}`);
        return ExitCode.ok;
    },
};
const apply = {
    name: 'schedule apply',
    summary: 'create or replace the schedules of YAML/JSON files (a top-level "schedules:" list)',
    usage: '<file|dir>... [--server URL]',
    description: 'Every file is checked before any schedule is sent. Each entry has the fields of POST /v1/schedules:\n' +
        'name, template {namespace, name, version?}, context, cron | every, timezone, overlap, catch_up, paused.\n' +
        'Re-applying an unchanged schedule keeps its next fire time.',
    options: { ...clientOptions },
    positionals: { min: 1, max: Infinity },
    async run(args, ctx) {
        const files = readScheduleFiles(args.positionals, ctx.cwd);
        if (files.length === 0)
            throw new UsageError(`no schedule files (*.yaml, *.yml, *.json) in ${args.positionals.join(', ')}`, 'schedule apply');
        const client = clientFor(args, ctx);
        let worst = ExitCode.ok;
        for (const file of files) {
            for (const input of file.schedules) {
                try {
                    const { schedule, created } = await client.applySchedule(input);
                    ctx.out(`${created ? 'created' : 'replaced'} ${summary(schedule)} (${file.label})`);
                }
                catch (err) {
                    // The server is unreachable or refuses auth: every other schedule would fail the same way.
                    if (!(err instanceof BatonError) || ['unavailable', 'unauthorized', 'forbidden'].includes(err.code))
                        throw err;
                    ctx.err(`error: ${file.label}: schedule ${input.name}: ${err.message}`);
                    detailLines(err).forEach((line) => ctx.err(line));
                    worst = Math.max(worst, exitCodeFor(err));
                }
            }
        }
        return worst;
    },
};
const list = {
    name: 'schedule list',
    summary: 'list schedules: template, spec, next fire, last task, paused',
    usage: '[--json]',
    options: { json, ...clientOptions },
    positionals: { min: 0, max: 0 },
    async run(args, ctx) {
        const schedules = await clientFor(args, ctx).listSchedules();
        if (booleanFlag(args, 'json')) {
            printJson(ctx, schedules);
            return ExitCode.ok;
        }
        if (schedules.length === 0) {
            ctx.out('no schedules; create one with `baton schedule create` or `baton schedule apply FILE`');
            return ExitCode.ok;
        }
        const rows = schedules.map((s) => [
            s.name,
            templateLabel(s),
            describeScheduleSpec(s),
            s.paused ? '-' : (s.next_fire_times[0] ?? 'never'),
            s.last_task ? `${s.last_task.id} (${s.last_task.status ?? 'deleted'})` : '-',
            s.paused ? 'yes' : 'no',
        ]);
        formatTable(['NAME', 'TEMPLATE', 'SPEC', 'NEXT FIRE', 'LAST TASK', 'PAUSED'], rows).forEach((line) => ctx.out(line));
        return ExitCode.ok;
    },
};
function setPaused(paused) {
    const verb = paused ? 'pause' : 'resume';
    return {
        name: `schedule ${verb}`,
        summary: paused ? 'pause a schedule: no slot fires until it is resumed' : 'resume a schedule from now (slots missed while paused do not fire)',
        usage: '<name> [--json]',
        options: { json, ...clientOptions },
        positionals: nameOnly,
        async run(args, ctx) {
            const schedule = await clientFor(args, ctx).patchSchedule(args.positionals[0], { paused });
            if (booleanFlag(args, 'json'))
                printJson(ctx, schedule);
            else
                ctx.out(`${paused ? 'paused' : 'resumed'} ${summary(schedule)}`);
            return ExitCode.ok;
        },
    };
}
const remove = {
    name: 'schedule delete',
    summary: 'delete a schedule (tasks it fired are left as they are)',
    usage: '<name>',
    options: { ...clientOptions },
    positionals: nameOnly,
    async run(args, ctx) {
        await clientFor(args, ctx).deleteSchedule(args.positionals[0]);
        ctx.out(`deleted ${args.positionals[0]}`);
        return ExitCode.ok;
    },
};
const trigger = {
    name: 'schedule trigger',
    summary: "fire one task now, outside the schedule's slots (its next fire time does not move)",
    usage: '<name> [--json]',
    options: { json, ...clientOptions },
    positionals: nameOnly,
    async run(args, ctx) {
        const fired = await clientFor(args, ctx).triggerSchedule(args.positionals[0]);
        if (booleanFlag(args, 'json'))
            printJson(ctx, fired);
        else
            ctx.out(fired.task.id);
        return ExitCode.ok;
    },
};
export const commands = [create, apply, list, setPaused(true), setPaused(false), remove, trigger];
//# sourceMappingURL=schedule.js.map