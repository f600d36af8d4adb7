/**
 * The SQL of the steps no worker runs (sleep, wait), of signals and of
 * external events (DESIGN §8). Every statement that changes a step is guarded
 * by the state it expects, so any number of processes may race on one.
 */
import type { JsonValue } from '../domain/types.js';
import type { Queryable } from './db.js';
import type { StepRow, TaskRow } from './rows.js';
/** A step to act on, and the task whose lock comes first. */
export interface StepRef {
    id: number;
    task_id: string;
}
/** Worker-less steps (stored with an empty handler) that are ready and visible: they are to start waiting. */
export declare function findWorkerlessReady(db: Queryable, limit: number): Promise<StepRef[]>;
/** Waiting steps whose timer is due (a sleep's end, a wait's timeout), on the database clock. */
export declare function findDueTimers(db: Queryable, limit: number): Promise<StepRef[]>;
/**
 * Locks a task unless another transaction holds it (SKIP LOCKED); null then, or when it does not exist.
 * For the timer loops: every process reads the same due rows in the same order, and queueing on each
 * other's task locks made three processes start 2,000 sleeps 2.7x slower than one; skipping splits the work
 * (a skipped step is still due, and the next pass takes it).
 */
export declare function lockTaskUnlessBusy(db: Queryable, id: string): Promise<TaskRow | null>;
/** Locks a step if it is in `state` (and, for a timer, only once due); null otherwise. */
export declare function lockStepIn(db: Queryable, stepId: number, state: 'ready' | 'waiting', onlyIfDue?: boolean): Promise<StepRow | null>;
export interface WaitStart {
    /** An absolute wake time, or a span from now on the database clock, or neither (wait forever). */
    wakeAt?: Date;
    wakeInMs?: number;
    waitFor: string | null;
    waitKey: string | null;
}
/** ready -> waiting. Returns the wake time as the database set it, and whether it is due already. */
export declare function markStepWaiting(db: Queryable, stepId: number, w: WaitStart): Promise<{
    wake_at: Date | null;
    due: boolean;
}>;
/** waiting -> complete, with the output the wait ended with. */
export declare function completeWaitingStep(db: Queryable, stepId: number, output: JsonValue): Promise<StepRow | null>;
/** waiting -> skipped: a wait timed out with `on_timeout: skip`; it releases dependents like a decision's skip. */
export declare function skipWaitingStep(db: Queryable, stepId: number): Promise<boolean>;
/** The step of a task that waits for signal `name` (a template names each signal once), locked. */
export declare function lockSignalStep(db: Queryable, taskId: string, name: string): Promise<StepRow | null>;
export interface SignalRow {
    task_id: string;
    name: string;
    payload: JsonValue;
    idempotency_key: string | null;
    step_name: string | null;
    created_at: Date;
    delivered_at: Date | null;
}
/** Records a task's signal unless one of that name exists; returns the row that holds the name and whether it is this one. */
export declare function insertSignal(db: Queryable, s: {
    taskId: string;
    name: string;
    payload: JsonValue;
    idempotencyKey: string | null;
    actor: string | null;
}): Promise<{
    row: SignalRow;
    inserted: boolean;
}>;
/** The signal of `name` a task received, if any. */
export declare function findSignal(db: Queryable, taskId: string, name: string): Promise<SignalRow | null>;
/** Marks a task's signal delivered to `step`; returns its payload if it was still undelivered. */
export declare function takeSignal(db: Queryable, taskId: string, name: string, step: string): Promise<{
    payload: JsonValue;
} | null>;
export interface NewEvent {
    name: string;
    key: string;
    payload: JsonValue;
    idempotencyKey: string | null;
    keepSeconds: number;
}
/** Stores an external event; an idempotency key seen before stores nothing and returns the first event's id and deliveries. */
export declare function insertEvent(db: Queryable, e: NewEvent): Promise<{
    id: number;
    duplicate: boolean;
    delivered: number;
}>;
/** Steps waiting for event `name` with key `key`. */
export declare function findEventWaiters(db: Queryable, name: string, key: string): Promise<StepRef[]>;
/** Counts one delivery of an event. */
export declare function countEventDelivery(db: Queryable, eventId: number): Promise<void>;
/** Takes the oldest kept event of this name and key that reached no step, if any (SKIP LOCKED: a racing waiter takes the next one). */
export declare function takeKeptEvent(db: Queryable, name: string, key: string): Promise<{
    payload: JsonValue;
} | null>;
/** Deletes events past their keep time; returns how many. */
export declare function deleteExpiredEvents(db: Queryable, limit: number): Promise<number>;
/**
 * A waiting workflow step whose child failed, back to ready after `delayMs`
 * (a new child starts then); or, with null, a wake that found the child still
 * running: the step waits on, its timer cleared.
 */
export declare function retryWaitingStep(db: Queryable, stepId: number, retry: {
    error: JsonValue;
    delayMs: number;
} | null): Promise<void>;
/**
 * Wakes the parent steps of child tasks that just finished: their timer is
 * set to now, so the timer loop settles them. SKIP LOCKED, because this runs
 * under the child's lock and a parent being cancelled holds its step while it
 * waits for the child's: that step is ending anyway, and one woken too late is
 * found by `findSettledChildWaits`.
 */
export declare function wakeParents(db: Queryable, childIds: string[]): Promise<void>;
/** Waiting workflow steps whose child has finished but which no wake reached (the rare skipped lock above). */
export declare function findSettledChildWaits(db: Queryable, limit: number): Promise<StepRef[]>;
/** Sets the timers of these steps to now (the sweep's repair of a missed child wake). */
export declare function wakeNow(db: Queryable, stepIds: number[]): Promise<void>;
