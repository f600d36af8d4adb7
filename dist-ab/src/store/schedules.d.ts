/**
 * All SQL of schedules (migration 0007). The scheduler's tick locks due rows
 * with FOR UPDATE SKIP LOCKED, so processes that tick together split the due
 * schedules between them instead of waiting on each other.
 */
import type { JsonObject, TaskStatus } from '../domain/types.js';
import type { CatchUpPolicy, OverlapPolicy } from '../domain/schedule.js';
import type { Queryable } from './db.js';
export interface ScheduleRow {
    name: string;
    template_namespace: string;
    template_name: string;
    template_version: string | null;
    context: JsonObject;
    cron: string | null;
    every_ms: number | null;
    timezone: string;
    overlap: OverlapPolicy;
    catch_up: CatchUpPolicy;
    paused: boolean;
    next_fire_at: Date | null;
    last_slot_at: Date | null;
    last_fired_at: Date | null;
    last_task_id: string | null;
    fired_count: number;
    skipped_count: number;
    created_at: Date;
    updated_at: Date;
}
/** A schedule with its last task's status (null when there is none, or retention deleted it) and the database's clock. */
export interface ScheduleWithStatus extends ScheduleRow {
    last_task_status: TaskStatus | null;
    db_now: Date;
}
/** A schedule's definition, as the service writes it. */
export interface ScheduleDefinition {
    name: string;
    templateNamespace: string;
    templateName: string;
    templateVersion: string | null;
    context: JsonObject;
    cron: string | null;
    everyMs: number | null;
    timezone: string;
    overlap: OverlapPolicy;
    catchUp: CatchUpPolicy;
    paused: boolean;
    /** The first slot after now, used when the spec changed or the schedule is resumed. */
    nextFireAt: Date | null;
}
/** The database's clock: schedules are judged by it, never by a process's. */
export declare function readClock(q: Queryable): Promise<Date>;
/** Creates or replaces a schedule; keeps its history (last task, counts). `created` is false for a replacement. */
export declare function upsertSchedule(q: Queryable, d: ScheduleDefinition): Promise<{
    row: ScheduleRow;
    created: boolean;
}>;
/** Replaces an existing schedule's definition (as `upsertSchedule`); null when there is no such schedule. */
export declare function updateSchedule(q: Queryable, d: ScheduleDefinition): Promise<ScheduleRow | null>;
export declare function findSchedule(q: Queryable, name: string): Promise<ScheduleWithStatus | null>;
export declare function listSchedules(q: Queryable): Promise<ScheduleWithStatus[]>;
export declare function deleteSchedule(q: Queryable, name: string): Promise<boolean>;
/**
 * Locks up to `limit` due schedules, oldest slot first, skipping those another
 * process's tick holds. `db_now` is the transaction's start: one clock for
 * the whole tick.
 */
export declare function lockDueSchedules(q: Queryable, limit: number): Promise<ScheduleWithStatus[]>;
export interface FiredSlots {
    name: string;
    nextFireAt: Date | null;
    /** The newest slot fired; null when none was. */
    lastSlotAt: Date | null;
    /** The task of that slot; null when none was fired. */
    lastTaskId: string | null;
    fired: number;
    skipped: number;
}
/** Advances the locked schedules past the slots a tick handled, in one statement. */
export declare function recordFiredSlots(q: Queryable, fired: FiredSlots[]): Promise<void>;
/** Records a task fired by `trigger` (now, outside the slots): next_fire_at is left as it is. */
export declare function recordManualFire(q: Queryable, name: string, taskId: string): Promise<boolean>;
/** Moves every schedule's first unfired slot to `at` (the scheduler benchmark: all due at once, or none). */
export declare function setAllNextFireAt(q: Queryable, at: Date): Promise<number>;
