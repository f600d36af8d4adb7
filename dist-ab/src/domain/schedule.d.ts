export declare const OVERLAP_POLICIES: readonly ["skip", "allow", "cancel_previous"];
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];
export declare const CATCH_UP_POLICIES: readonly ["none", "latest", "all"];
export type CatchUpPolicy = (typeof CATCH_UP_POLICIES)[number];
/**
 * Most slots one tick fires for one schedule. A `catch_up: all` schedule that
 * missed more fires the oldest this many now and the rest on the next ticks,
 * so one schedule's backlog cannot hold a tick's transaction for long.
 */
export declare const MAX_FIRES_PER_TICK = 1000;
/** Shortest `every`: slots are whole milliseconds, but a tick is about a second. */
export declare const MIN_EVERY_MS = 1000;
export type ScheduleSpec = {
    kind: 'cron';
    cron: string;
    timezone: string;
} | {
    kind: 'every';
    everyMs: number;
    timezone: string;
};
/** A schedule's spec as a user writes it: exactly one of `cron` and `every`. */
export interface ScheduleSpecInput {
    cron?: string | null;
    every?: string | null;
    /** IANA name; @default UTC */
    timezone?: string | null;
}
/** Checks a schedule name; throws `invalid_schedule` naming the rule. */
export declare function assertScheduleName(name: unknown): string;
/** The IANA zone's canonical name (`europe/london` → `Europe/London`), or `invalid_schedule` naming it. */
export declare function canonicalTimezone(timezone: string): string;
/**
 * Validates a spec: exactly one of `cron` and `every`, a cron croner accepts
 * (its message names the field and why) that fires at least once more, an
 * `every` of at least 1s, a known time zone. Throws `invalid_schedule`.
 */
export declare function parseScheduleSpec(input: ScheduleSpecInput, now: Date): ScheduleSpec;
/** The spec as the API shows it: `{cron}` or `{every}` (as `formatDuration` writes it), and the time zone. */
export declare function describeSpec(spec: ScheduleSpec): {
    cron: string | null;
    every: string | null;
    timezone: string;
};
/** The first slot strictly after `after`, or null when a cron never fires again. */
export declare function slotAfter(spec: ScheduleSpec, after: Date): Date | null;
/** The next `n` slots strictly after `after` (fewer when a cron stops firing). */
export declare function nextFireTimes(spec: ScheduleSpec, after: Date, n: number): Date[];
export interface DueInput {
    /** The first slot not yet fired (the schedule's `next_fire_at`). */
    nextFireAt: Date;
    /** The database's clock. */
    now: Date;
    catchUp: CatchUpPolicy;
    misfireGraceMs: number;
}
export interface DueSlots {
    /** Slots to fire now, oldest first. */
    fire: Date[];
    /** Missed slots left unfired by `catch_up` (for a cron, counted up to MAX_FIRES_PER_TICK). */
    missed: number;
    /** The new first unfired slot: after `now`, or after the last slot fired when the tick's cap was reached; null when a cron never fires again. */
    next: Date | null;
}
/**
 * Which slots fire now. Slots in [nextFireAt, now] are due; those within
 * `misfireGraceMs` of now are late and always fire; older ones are missed:
 * `none` fires none of them, `latest` the most recent, `all` every one (at
 * most MAX_FIRES_PER_TICK per call, the rest on the next call).
 */
export declare function dueSlots(spec: ScheduleSpec, input: DueInput): DueSlots;
/** What a tick does with the due slots of one schedule, given whether its previous task is still live. */
export interface OverlapPlan {
    /** Slots to submit a task for, oldest first. */
    fire: Date[];
    /** Slots skipped because a task of the schedule is live. */
    skipped: number;
    /** Cancel the live previous task once this tick's first task is submitted. */
    cancelPrevious: boolean;
    /** Cancel each task of this tick but the newest: each slot's task supersedes the one before it. */
    cancelSuperseded: boolean;
}
/**
 * Applies `overlap` to a tick's due slots. A task a slot submits is live when
 * the next slot of the same tick comes, so with `skip` only the oldest slot
 * fires (and none while the previous task is live), with `cancel_previous`
 * every slot fires and all but the newest are cancelled, and with `allow`
 * every slot fires.
 */
export declare function planOverlap(overlap: OverlapPolicy, previousLive: boolean, slots: Date[]): OverlapPlan;
/** The idempotency key of the task a slot fires: a second firing of the slot gets the first one's task. */
export declare function slotIdempotencyKey(name: string, slot: Date): string;
/** The idempotency key of a `trigger` (fire now): unique per call, outside the slot keys. */
export declare function manualIdempotencyKey(name: string, id: string): string;
/** The tag every task of a schedule carries, to list them (`GET /v1/tasks?tag=schedule:nightly`). */
export declare function scheduleTag(name: string): string;
