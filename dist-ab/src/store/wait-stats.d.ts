/**
 * What the sleep and signal benchmark workloads (`baton bench`, timers,
 * sleep-claims, signals) read back: waiting-step counts, the database clock,
 * and per-step delays computed from the transition log on the database clock,
 * so no figure mixes the process's clock with the database's.
 */
import type { Queryable } from './db.js';
/** Steps in the `waiting` state. */
export declare function countWaitingSteps(db: Queryable): Promise<number>;
/** The database's clock now. */
export declare function databaseNow(db: Queryable): Promise<Date>;
/** One completed sleep step: how long after its wake time it was logged complete, and when it started waiting relative to that time (negative: before). */
export interface SleepWake {
    lag_ms: number;
    started_ms: number;
}
/** Every sleep step that completed, with its wake-up lag: its `waiting -> complete` transition's `at` minus its `wake_at`. */
export declare function findSleepWakes(db: Queryable): Promise<SleepWake[]>;
/** One delivered signal: from its event row to its step's completion, and to its task's (null while the task is open). */
export interface SignalDelay {
    task_id: string;
    step_ms: number;
    task_ms: number | null;
}
/** Delays of the delivered signals to the tasks in `taskIds`, each from the signal's event row's `at`. */
export declare function findSignalDelays(db: Queryable, taskIds: string[]): Promise<SignalDelay[]>;
