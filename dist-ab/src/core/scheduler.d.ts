/**
 * The scheduler's tick: fires the due slots of schedules. Every process ticks.
 * A tick locks due schedules with FOR UPDATE SKIP LOCKED, up to 100 at a time,
 * and, in that same transaction, submits one task per slot (one statement for
 * the whole batch) and advances `next_fire_at`: the
 * slot's task and the schedule's advance commit together or not at all, so a
 * process killed mid-tick leaves the slots due for the next tick. The task's
 * idempotency key is `schedule:<name>:<slot>`, so even a slot fired twice (a
 * schedule deleted and created again) yields one task.
 */
import type { Logger } from 'pino';
import { type ScheduleSpec } from '../domain/schedule.js';
import type { Db } from '../store/db.js';
import { type ScheduleRow } from '../store/schedules.js';
import { Engine } from './engine.js';
/** `outcome` of `baton_schedule_fires_total`. */
export type ScheduleFireOutcome = 'fired' | 'skipped_overlap' | 'skipped_missed' | 'duplicate' | 'failed';
/** Hears of what a committed tick did (metrics). */
export interface ScheduleObserver {
    slots(schedule: string, outcome: ScheduleFireOutcome, count: number): void;
    /** A slot's task was submitted `lagMs` after the slot's time (database clock). */
    fired(schedule: string, lagMs: number): void;
}
export interface TickOptions {
    /** `schedules.misfireGraceMs`: older slots are missed and follow `catch_up`. */
    misfireGraceMs: number;
    /** Schedules locked per transaction. @default 100 */
    batchSize?: number;
    logger?: Logger;
    observer?: ScheduleObserver;
}
export interface TickCounts {
    schedules: number;
    fired: number;
    duplicate: number;
    skippedOverlap: number;
    skippedMissed: number;
    failed: number;
}
/** The spec stored in a row (validated when it was written). */
export declare function specOf(row: Pick<ScheduleRow, 'cron' | 'every_ms' | 'timezone'>): ScheduleSpec;
/**
 * One tick: fires every due slot, batch by batch, each batch one transaction.
 * Safe to run in any number of processes at once.
 */
export declare function tickSchedules(db: Db, engine: Engine, opts: TickOptions): Promise<TickCounts>;
/** Ticks every `tickMs`, single-flight; errors are logged, never thrown. Returns the function that stops it. */
export declare function startScheduler(db: Db, engine: Engine, opts: TickOptions & {
    tickMs: number;
    logger: Logger;
}): () => Promise<void>;
