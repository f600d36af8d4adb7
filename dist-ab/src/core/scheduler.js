import { dueSlots, planOverlap, slotIdempotencyKey, scheduleTag } from '../domain/schedule.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { BatonError } from '../errors.js';
import { lockDueSchedules, recordFiredSlots } from '../store/schedules.js';
import { transactionAsDb } from '../store/transaction-db.js';
import { Engine } from './engine.js';
import { tellUnit } from './observers.js';
/** Transactions one tick runs at most: a backlog larger than this many batches waits for the next tick. */
const MAX_BATCHES_PER_TICK = 20;
/** The spec stored in a row (validated when it was written). */
export function specOf(row) {
    return row.cron !== null ? { kind: 'cron', cron: row.cron, timezone: row.timezone } : { kind: 'every', everyMs: row.every_ms, timezone: row.timezone };
}
function planFor(row, misfireGraceMs) {
    const due = dueSlots(specOf(row), { nextFireAt: row.next_fire_at, now: row.db_now, catchUp: row.catch_up, misfireGraceMs });
    const live = row.last_task_id !== null && row.last_task_status !== null && LIVE_TASK_STATUSES.includes(row.last_task_status);
    return { row, due, ...planOverlap(row.overlap, live, due.fire), tasks: [], refused: null };
}
function requestsOf(plan) {
    const { row } = plan;
    return plan.fire.map((slot) => ({
        namespace: row.template_namespace,
        name: row.template_name,
        ...(row.template_version ? { version: row.template_version } : {}),
        context: row.context,
        idempotency_key: slotIdempotencyKey(row.name, slot),
        tags: [scheduleTag(row.name)],
    }));
}
/** Cancels a task a schedule superseded; one that finished meanwhile is left as it is. */
async function cancelSuperseded(engine, taskId, schedule) {
    await engine.cancel(taskId, `schedule:${schedule}`).catch((err) => {
        if (!(err instanceof BatonError && err.code === 'conflict'))
            throw err;
    });
}
/**
 * Submits every plan's slots: all in one statement, or, when that is refused
 * (one schedule's template gone or its context no longer valid), schedule by
 * schedule, giving up the slots of those refused so that later slots and the
 * other schedules still fire.
 */
async function submitPlans(engine, plans, logger) {
    const firing = plans.filter((p) => p.fire.length > 0);
    if (firing.length === 0)
        return;
    try {
        const tasks = await engine.submitMany(firing.flatMap(requestsOf));
        for (const p of firing)
            p.tasks = tasks.splice(0, p.fire.length);
        return;
    }
    catch (err) {
        if (!(err instanceof BatonError))
            throw err;
    }
    // One request refuses the whole statement (and it wrote nothing): find whose, and fire the others.
    for (const p of firing) {
        try {
            p.tasks = await engine.submitMany(requestsOf(p));
        }
        catch (err) {
            if (!(err instanceof BatonError))
                throw err;
            p.refused = err;
            logger?.warn({ schedule: p.row.name, err: { code: err.code, message: err.message }, slots: p.fire.length }, 'schedule slots refused; skipping them');
        }
    }
}
/** Fires a batch of locked schedules with `engine` (bound to the tick's transaction); returns what to report after the commit. */
async function fireBatch(engine, tx, rows, opts) {
    const plans = rows.map((row) => planFor(row, opts.misfireGraceMs));
    await submitPlans(engine, plans, opts.logger);
    const reports = [];
    for (const p of plans) {
        const name = p.row.name;
        const count = (outcome, n) => n > 0 && reports.push({ schedule: name, outcome, count: n });
        count('skipped_missed', p.due.missed);
        count('skipped_overlap', p.skipped);
        if (p.refused) {
            count('failed', p.fire.length);
            continue;
        }
        if (p.cancelPrevious)
            await cancelSuperseded(engine, p.row.last_task_id, name);
        if (p.cancelSuperseded)
            for (const t of p.tasks.slice(0, -1))
                await cancelSuperseded(engine, t.id, name);
        const created = p.tasks.filter((t) => t.created).length;
        count('fired', created);
        count('duplicate', p.tasks.length - created);
        p.tasks.forEach((t, i) => t.created && reports.push({ schedule: name, lagMs: p.row.db_now.getTime() - p.fire[i].getTime() }));
    }
    await recordFiredSlots(tx, plans.map((p) => {
        const last = p.refused ? -1 : p.tasks.length - 1;
        return {
            name: p.row.name,
            nextFireAt: p.due.next,
            lastSlotAt: last >= 0 ? p.fire[last] : null,
            lastTaskId: last >= 0 ? p.tasks[last].id : null,
            fired: p.refused ? 0 : p.tasks.filter((t) => t.created).length,
            skipped: p.due.missed + p.skipped + (p.refused ? p.fire.length : 0),
        };
    }));
    return reports;
}
/** Observers that hold what the tick's units tell until the tick commits. */
function heldObservers() {
    const units = [];
    return { observers: { onUnit: (unit) => units.push(unit) }, units };
}
/**
 * One tick: fires every due slot, batch by batch, each batch one transaction.
 * Safe to run in any number of processes at once.
 */
export async function tickSchedules(db, engine, opts) {
    const counts = { schedules: 0, fired: 0, duplicate: 0, skippedOverlap: 0, skippedMissed: 0, failed: 0 };
    const batchSize = opts.batchSize ?? 100;
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
        const held = heldObservers();
        const { locked, reports } = await db.transaction(async (tx) => {
            const rows = await lockDueSchedules(tx, batchSize);
            if (rows.length === 0)
                return { locked: 0, reports: [] };
            // The engine's submit and cancel, joined to this transaction.
            const bound = new Engine(transactionAsDb(db, tx), engine.logger, engine.limits, held.observers);
            return { locked: rows.length, reports: await fireBatch(bound, tx, rows, opts) };
        });
        for (const unit of held.units)
            tellUnit(engine.observers, unit);
        counts.schedules += locked;
        for (const r of reports) {
            if ('lagMs' in r) {
                opts.observer?.fired(r.schedule, r.lagMs);
                continue;
            }
            opts.observer?.slots(r.schedule, r.outcome, r.count);
            const key = { fired: 'fired', duplicate: 'duplicate', skipped_overlap: 'skippedOverlap', skipped_missed: 'skippedMissed', failed: 'failed' }[r.outcome];
            counts[key] += r.count;
        }
        if (locked < batchSize)
            break;
    }
    return counts;
}
/** Ticks every `tickMs`, single-flight; errors are logged, never thrown. Returns the function that stops it. */
export function startScheduler(db, engine, opts) {
    let stopped = false;
    let running;
    const tick = async () => {
        try {
            const counts = await tickSchedules(db, engine, opts);
            // Routine fires are debug: an every-second schedule would otherwise log every second.
            if (counts.failed + counts.skippedMissed > 0)
                opts.logger.info({ tick: counts }, 'schedule slots missed or refused');
            else if (counts.fired > 0)
                opts.logger.debug({ tick: counts }, 'schedules fired');
        }
        catch (err) {
            opts.logger.warn({ err }, 'schedule tick failed; will retry');
        }
    };
    const timer = setInterval(() => {
        if (stopped || running)
            return;
        running = tick().finally(() => (running = undefined));
    }, opts.tickMs);
    timer.unref();
    return async () => {
        stopped = true;
        clearInterval(timer);
        await running;
    };
}
//# sourceMappingURL=scheduler.js.map