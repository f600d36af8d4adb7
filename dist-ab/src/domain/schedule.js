/**
 * Schedules, as pure functions of their spec and a time: validation, the next
 * fire times, and which slots a tick fires. No I/O; `now` is always an
 * argument (the scheduler passes the database's clock).
 *
 * - slot: an instant a schedule fires at. For `cron`, what croner computes in
 *   the schedule's time zone; for `every`, a multiple of the interval since the
 *   Unix epoch, so every process computes the same slots.
 * - late slot: `now - slot <= misfireGraceMs`; always fired.
 * - missed slot: older than that (nothing ran when it was due); fired or not
 *   according to `catch_up`.
 *
 * Cron parsing, time zones and daylight saving are croner's (Vixie cron rules):
 * a fixed-time job (`30 2 * * *`) whose time falls in a spring gap fires at the
 * first valid time after the gap, and one whose time repeats in autumn fires
 * once, at the first occurrence. Interval jobs (`0 * * * *`) skip times in a
 * gap and fire on both occurrences of a repeated hour.
 */
import { Cron } from 'croner';
import { BatonError } from '../errors.js';
import { formatDuration, parseDuration } from './duration.js';
export const OVERLAP_POLICIES = ['skip', 'allow', 'cancel_previous'];
export const CATCH_UP_POLICIES = ['none', 'latest', 'all'];
/**
 * Most slots one tick fires for one schedule. A `catch_up: all` schedule that
 * missed more fires the oldest this many now and the rest on the next ticks,
 * so one schedule's backlog cannot hold a tick's transaction for long.
 */
export const MAX_FIRES_PER_TICK = 1000;
/** Shortest `every`: slots are whole milliseconds, but a tick is about a second. */
export const MIN_EVERY_MS = 1000;
/** Names go into URLs and idempotency keys: no spaces, slashes or colons. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
function invalid(field, message, extra = {}) {
    return new BatonError('invalid_schedule', message, { details: { field, ...extra } });
}
/** Checks a schedule name; throws `invalid_schedule` naming the rule. */
export function assertScheduleName(name) {
    if (typeof name !== 'string' || !NAME.test(name)) {
        throw invalid('name', `schedule name ${JSON.stringify(name)} is invalid: use 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit`);
    }
    return name;
}
/** The IANA zone's canonical name (`europe/london` → `Europe/London`), or `invalid_schedule` naming it. */
export function canonicalTimezone(timezone) {
    try {
        return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
    }
    catch {
        throw invalid('timezone', `timezone "${timezone}" is not a known IANA time zone; use a name such as "Europe/London", "America/New_York" or "UTC"`, { timezone });
    }
}
function cronOf(spec) {
    // 5 fields (minute first) or 6 (seconds first); croner's 7th field (year) is not part of the contract.
    return new Cron(spec.cron, { timezone: spec.timezone, mode: '5-or-6-parts' });
}
/**
 * Validates a spec: exactly one of `cron` and `every`, a cron croner accepts
 * (its message names the field and why) that fires at least once more, an
 * `every` of at least 1s, a known time zone. Throws `invalid_schedule`.
 */
export function parseScheduleSpec(input, now) {
    const hasCron = input.cron !== undefined && input.cron !== null;
    const hasEvery = input.every !== undefined && input.every !== null;
    if (hasCron === hasEvery) {
        throw invalid(hasCron ? 'cron' : 'every', `a schedule needs exactly one of "cron" and "every"; it has ${hasCron ? 'both' : 'neither'}`);
    }
    const timezone = canonicalTimezone(input.timezone ?? 'UTC');
    if (hasEvery) {
        const everyMs = parseDuration(String(input.every));
        if (everyMs === undefined || everyMs < MIN_EVERY_MS) {
            throw invalid('every', `every "${input.every}" is not a duration of at least 1s; write it as "30s", "5m", "1h" or "1d"`, { every: input.every });
        }
        return { kind: 'every', everyMs, timezone };
    }
    const cron = String(input.cron).trim().replace(/\s+/g, ' ');
    let parsed;
    try {
        parsed = cronOf({ cron, timezone });
    }
    catch (err) {
        const reason = err.message.replace(/^CronPattern: /, '');
        throw invalid('cron', `cron "${cron}" is invalid: ${reason}. Use 5 fields (minute hour day-of-month month day-of-week) or 6 (second first)`, { cron, reason });
    }
    if (parsed.nextRun(now) === null)
        throw invalid('cron', `cron "${cron}" never fires after ${now.toISOString()}`, { cron });
    return { kind: 'cron', cron, timezone };
}
/** The spec as the API shows it: `{cron}` or `{every}` (as `formatDuration` writes it), and the time zone. */
export function describeSpec(spec) {
    return spec.kind === 'cron' ? { cron: spec.cron, every: null, timezone: spec.timezone } : { cron: null, every: formatDuration(spec.everyMs), timezone: spec.timezone };
}
/** The first slot strictly after `after`, or null when a cron never fires again. */
export function slotAfter(spec, after) {
    if (spec.kind === 'every')
        return new Date((Math.floor(after.getTime() / spec.everyMs) + 1) * spec.everyMs);
    return cronOf(spec).nextRun(after);
}
/** The last slot strictly before `before`, or null. */
function slotBefore(spec, before) {
    if (spec.kind === 'every')
        return new Date((Math.ceil(before.getTime() / spec.everyMs) - 1) * spec.everyMs);
    return cronOf(spec).previousRuns(1, before)[0] ?? null;
}
/** The next `n` slots strictly after `after` (fewer when a cron stops firing). */
export function nextFireTimes(spec, after, n) {
    const times = [];
    for (let t = slotAfter(spec, after); t && times.length < n; t = slotAfter(spec, t))
        times.push(t);
    return times;
}
/** The slots in [from, to], oldest first, at most `limit` of them. */
function slotsBetween(spec, from, to, limit) {
    const slots = [];
    for (let t = slotAfter(spec, new Date(from.getTime() - 1)); t && t <= to && slots.length < limit; t = slotAfter(spec, t))
        slots.push(t);
    return slots;
}
/** How many slots lie in [from, to): exact for `every`, counted up to `limit` for cron. */
function countSlots(spec, from, to, limit) {
    if (to <= from)
        return 0;
    if (spec.kind === 'every') {
        const first = Math.ceil(from.getTime() / spec.everyMs);
        const end = Math.ceil(to.getTime() / spec.everyMs);
        return Math.max(0, end - first);
    }
    return slotsBetween(spec, from, new Date(to.getTime() - 1), limit).length;
}
/**
 * Which slots fire now. Slots in [nextFireAt, now] are due; those within
 * `misfireGraceMs` of now are late and always fire; older ones are missed:
 * `none` fires none of them, `latest` the most recent, `all` every one (at
 * most MAX_FIRES_PER_TICK per call, the rest on the next call).
 */
export function dueSlots(spec, input) {
    const { nextFireAt, now, catchUp, misfireGraceMs } = input;
    if (nextFireAt > now)
        return { fire: [], missed: 0, next: nextFireAt };
    const cutoff = new Date(now.getTime() - misfireGraceMs);
    const fire = [];
    let missed = 0;
    if (nextFireAt < cutoff) {
        if (catchUp === 'all') {
            fire.push(...slotsBetween(spec, nextFireAt, new Date(cutoff.getTime() - 1), MAX_FIRES_PER_TICK));
            if (fire.length === MAX_FIRES_PER_TICK)
                return { fire, missed: 0, next: slotAfter(spec, fire[fire.length - 1]) };
        }
        else {
            missed = countSlots(spec, nextFireAt, cutoff, MAX_FIRES_PER_TICK);
            const latest = catchUp === 'latest' && missed > 0 ? slotBefore(spec, cutoff) : null;
            if (latest && latest >= nextFireAt) {
                fire.push(latest);
                missed--;
            }
        }
    }
    const lateFrom = nextFireAt > cutoff ? nextFireAt : cutoff;
    fire.push(...slotsBetween(spec, lateFrom, now, MAX_FIRES_PER_TICK - fire.length));
    // At the cap, later due slots may remain: the next call starts after the last one fired.
    return { fire, missed, next: slotAfter(spec, fire.length === MAX_FIRES_PER_TICK ? fire[fire.length - 1] : now) };
}
/**
 * Applies `overlap` to a tick's due slots. A task a slot submits is live when
 * the next slot of the same tick comes, so with `skip` only the oldest slot
 * fires (and none while the previous task is live), with `cancel_previous`
 * every slot fires and all but the newest are cancelled, and with `allow`
 * every slot fires.
 */
export function planOverlap(overlap, previousLive, slots) {
    const none = { cancelPrevious: false, cancelSuperseded: false };
    if (slots.length === 0)
        return { fire: [], skipped: 0, ...none };
    if (overlap === 'allow')
        return { fire: slots, skipped: 0, ...none };
    if (overlap === 'skip')
        return previousLive ? { fire: [], skipped: slots.length, ...none } : { fire: slots.slice(0, 1), skipped: slots.length - 1, ...none };
    return { fire: slots, skipped: 0, cancelPrevious: previousLive, cancelSuperseded: slots.length > 1 };
}
/** The idempotency key of the task a slot fires: a second firing of the slot gets the first one's task. */
export function slotIdempotencyKey(name, slot) {
    return `schedule:${name}:${slot.toISOString()}`;
}
/** The idempotency key of a `trigger` (fire now): unique per call, outside the slot keys. */
export function manualIdempotencyKey(name, id) {
    return `schedule:${name}:manual:${id}`;
}
/** The tag every task of a schedule carries, to list them (`GET /v1/tasks?tag=schedule:nightly`). */
export function scheduleTag(name) {
    return `schedule:${name}`;
}
//# sourceMappingURL=schedule.js.map