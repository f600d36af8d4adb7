/**
 * Schedules as users manage them (the routes, library mode): create or
 * replace, list, get, patch (pause, resume), delete, trigger now. Every spec
 * is validated by src/domain/schedule.ts and every time is the database's.
 */
import { randomUUID } from 'node:crypto';
import { assertScheduleName, CATCH_UP_POLICIES, describeSpec, manualIdempotencyKey, nextFireTimes, OVERLAP_POLICIES, parseScheduleSpec, scheduleTag, slotAfter, } from '../domain/schedule.js';
import { BatonError } from '../errors.js';
import { deleteSchedule, findSchedule, listSchedules, readClock, recordManualFire, updateSchedule, upsertSchedule, } from '../store/schedules.js';
import { specOf } from './scheduler.js';
/** How many upcoming fire times a view lists. */
export const NEXT_FIRE_TIMES = 5;
const iso = (d) => (d ? d.toISOString() : null);
export function toScheduleView(row) {
    const spec = specOf(row);
    const { cron, every, timezone } = describeSpec(spec);
    const upcoming = row.paused || !row.next_fire_at ? [] : [row.next_fire_at, ...nextFireTimes(spec, row.next_fire_at, NEXT_FIRE_TIMES - 1)];
    return {
        name: row.name,
        template: { namespace: row.template_namespace, name: row.template_name, version: row.template_version },
        context: row.context,
        cron,
        every,
        timezone,
        overlap: row.overlap,
        catch_up: row.catch_up,
        paused: row.paused,
        next_fire_times: upcoming.map((d) => d.toISOString()),
        last_slot_at: iso(row.last_slot_at),
        last_fired_at: iso(row.last_fired_at),
        last_task: row.last_task_id ? { id: row.last_task_id, status: row.last_task_status } : null,
        fired_count: row.fired_count,
        skipped_count: row.skipped_count,
        created_at: row.created_at.toISOString(),
        updated_at: row.updated_at.toISOString(),
    };
}
function oneOf(field, value, allowed, fallback) {
    if (value === undefined || value === null)
        return fallback;
    if (!allowed.includes(value))
        throw new BatonError('invalid_schedule', `${field} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`, { details: { field } });
    return value;
}
function notFound(name) {
    return new BatonError('not_found', `schedule "${name}" does not exist; create it with POST /v1/schedules or \`baton schedule apply\``, { details: { schedule: name } });
}
export class ScheduleService {
    engine;
    constructor(engine) {
        this.engine = engine;
    }
    /** Validates everything, the template too (404 naming it), before anything is written. */
    async define(input) {
        const name = assertScheduleName(input.name);
        const now = await readClock(this.engine.db);
        const spec = parseScheduleSpec({ cron: input.cron, every: input.every, timezone: input.timezone }, now);
        const overlap = oneOf('overlap', input.overlap, OVERLAP_POLICIES, 'skip');
        const catchUp = oneOf('catch_up', input.catch_up, CATCH_UP_POLICIES, 'latest');
        const { namespace, name: templateName } = input.template;
        const version = input.template.version ?? null;
        const template = await this.engine.templates.find(namespace, templateName, version ?? undefined);
        const context = input.context ?? {};
        // Checked against the version it names now; a schedule of the latest version is checked again at each firing.
        this.engine.templates.validateContext(template, context);
        return {
            name,
            templateNamespace: namespace,
            templateName,
            templateVersion: version,
            context,
            cron: spec.kind === 'cron' ? spec.cron : null,
            everyMs: spec.kind === 'every' ? spec.everyMs : null,
            timezone: spec.timezone,
            overlap,
            catchUp,
            paused: input.paused ?? false,
            nextFireAt: slotAfter(spec, now),
        };
    }
    /**
     * Creates a schedule, or replaces the one of that name (keeping its history).
     * Its first slot is the first after now; a replacement with the same spec keeps its next slot.
     */
    async apply(input) {
        const definition = await this.define(input);
        const { row, created } = await upsertSchedule(this.engine.db, definition);
        return { schedule: await this.get(row.name), created };
    }
    async list() {
        return (await listSchedules(this.engine.db)).map(toScheduleView);
    }
    async get(name) {
        const row = await findSchedule(this.engine.db, name);
        if (!row)
            throw notFound(name);
        return toScheduleView(row);
    }
    /**
     * Changes some fields. Resuming (paused: false) starts from the first slot
     * after now: slots that passed while paused are not caught up.
     */
    async patch(name, patch) {
        const row = await findSchedule(this.engine.db, name);
        if (!row)
            throw notFound(name);
        const current = toScheduleView(row);
        // A new spec replaces the old one whole: `{cron}` on an `every` schedule drops the every.
        const specGiven = patch.cron !== undefined || patch.every !== undefined;
        const definition = await this.define({
            name,
            template: patch.template ?? current.template,
            context: patch.context ?? current.context,
            cron: specGiven ? patch.cron : current.cron,
            every: specGiven ? patch.every : current.every,
            timezone: patch.timezone ?? current.timezone,
            overlap: patch.overlap ?? current.overlap,
            catch_up: patch.catch_up ?? current.catch_up,
            paused: patch.paused ?? current.paused,
        });
        if (!(await updateSchedule(this.engine.db, definition)))
            throw notFound(name);
        return this.get(name);
    }
    async delete(name) {
        if (!(await deleteSchedule(this.engine.db, name)))
            throw notFound(name);
    }
    /**
     * Fires one task now, outside the slots (`next_fire_at` is not moved), even
     * while paused and whatever `overlap` says: an operator asked for it.
     */
    async trigger(name) {
        const row = await findSchedule(this.engine.db, name);
        if (!row)
            throw notFound(name);
        const submitted = await this.engine.submit({
            namespace: row.template_namespace,
            name: row.template_name,
            ...(row.template_version ? { version: row.template_version } : {}),
            context: row.context,
            idempotency_key: manualIdempotencyKey(name, randomUUID()),
            tags: [scheduleTag(name)],
        });
        await recordManualFire(this.engine.db, name, submitted.id);
        return { task: { id: submitted.id, status: submitted.status, created: submitted.created }, schedule: await this.get(name) };
    }
}
//# sourceMappingURL=schedule-service.js.map