import type { JsonObject, StepError, TaskStatus } from '../domain/types.js';
import type { Queryable } from './db.js';
import type { TaskRow } from './rows.js';
export interface NewTask {
    id: string;
    templateId: number;
    namespace: string;
    name: string;
    version: string;
    context: JsonObject;
    priority: number;
    tags: string[];
    idempotencyKey: string | null;
    /** null: the task's own id. */
    correlationId: string | null;
    onFailure: 'stop' | 'continue';
    stepCount: number;
    runAt: Date | null;
    timeoutSeconds: number | null;
    /** A child workflow's parent task and step, and its depth (0 for a task nobody started). */
    parentTaskId?: string | null;
    parentStep?: string | null;
    depth?: number;
}
/** The stored task that holds a submission's idempotency key, compared with that submission. */
export interface IdempotentMatch {
    id: string;
    status: TaskStatus;
    namespace: string;
    name: string;
    version: string;
    correlationId: string;
    /** The stored context equals the submission's, as jsonb (key order and number spelling do not count). */
    sameContext: boolean;
}
/**
 * For each probe, the task holding its idempotency key (null if none), and
 * whether that task's context equals the probe's: compared in SQL, so it is
 * the stored jsonb that is compared, not a JavaScript rendering of it.
 */
export declare function matchIdempotencyKeys(db: Queryable, probes: {
    key: string;
    context: JsonObject;
}[]): Promise<(IdempotentMatch | null)[]>;
export declare function findTask(db: Queryable, id: string): Promise<TaskRow | null>;
/**
 * Locks a task row. Every transaction that moves a step into a terminal state
 * takes this lock first, then step locks: one lock order, no deadlocks, and
 * the task's counters are exact.
 */
export declare function lockTask(db: Queryable, id: string): Promise<TaskRow | null>;
/** Locks the task that owns a step (the step itself is not locked). */
export declare function lockTaskOfStep(db: Queryable, stepId: number): Promise<TaskRow | null>;
/** Applies the effect of steps reaching terminal states; promotes a pending task to running. */
export declare function settleTaskSteps(db: Queryable, id: string, settled: number, errored: number): Promise<{
    remaining_steps: number;
    error_steps: number;
    status: TaskStatus;
}>;
/** Moves a live task to `to`; returns false when it was no longer live (exactly-once finalization). */
export declare function setTaskStatus(db: Queryable, id: string, from: TaskStatus[], to: TaskStatus, error?: StepError | null): Promise<boolean>;
/**
 * Sets a running task to `waiting_for_retry` when no step of it is running or
 * visible in `ready` but one waits out a backoff, and back to `running`
 * otherwise. Returns the new status, or null when it did not change.
 */
export declare function refreshBackoffStatus(db: Queryable, id: string): Promise<'running' | 'waiting_for_retry' | null>;
/** Live tasks whose whole-task deadline has passed (judged on the database clock). */
export declare function findOverdueTasks(db: Queryable, limit: number): Promise<string[]>;
/** Live tasks with no live step left: a finalization that was missed (the reconciler's input). */
export declare function findUnfinalizedTasks(db: Queryable, limit: number): Promise<string[]>;
/** The exact number of a task's steps that are not terminal (the reconciler's check of the counter). */
export declare function countLiveSteps(db: Queryable, id: string): Promise<{
    live: number;
    errors: number;
}>;
export interface TaskFilter {
    status?: TaskStatus;
    namespace?: string;
    name?: string;
    tag?: string;
    /** Only the children of this task (child workflows). */
    parent?: string;
    limit: number;
    /** Keyset cursor: tasks created strictly before this (created_at as exact text, id). */
    before?: {
        createdAt: string;
        id: string;
    };
}
/** A listed task with its created_at as exact text: a JS Date keeps milliseconds, PostgreSQL microseconds. */
export type ListedTaskRow = TaskRow & {
    created_exact: string;
};
export declare function listTasks(db: Queryable, filter: TaskFilter): Promise<ListedTaskRow[]>;
/**
 * Settles completed steps on many locked tasks in one statement: counts them
 * off, promotes a task still `pending` to `running`, and finalizes (exactly
 * once: only a live task changes) every task left with no step to run.
 * Returns each task's status after the statement.
 */
export declare function settleManyTasks(db: Queryable, settled: Map<string, number>): Promise<{
    id: string;
    status: TaskStatus;
}[]>;
/** The child tasks a task started (child workflows), oldest first. */
export declare function listChildren(db: Queryable, parentId: string): Promise<Pick<TaskRow, 'id' | 'namespace' | 'name' | 'version' | 'status' | 'parent_step' | 'created_at'>[]>;
