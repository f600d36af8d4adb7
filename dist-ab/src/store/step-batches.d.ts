import type { JsonValue } from '../domain/types.js';
import type { Queryable } from './db.js';
import type { TaskRow } from './rows.js';
import type { ReleasedStep } from './steps.js';
/** Set-based forms of the step statements, for completing many steps in one transaction. */
/** What a completion batch needs of a locked task (not its context, which may be large). */
export type LockedTask = Pick<TaskRow, 'id' | 'status' | 'namespace' | 'name' | 'parent_task_id'>;
export interface LockedStepTask {
    step_id: number;
    step_kind: string;
    task: LockedTask;
}
/**
 * Locks the tasks owning these steps, in task id order so that concurrent
 * batches take their locks in the same order and cannot deadlock.
 */
export declare function lockTasksOfSteps(db: Queryable, stepIds: number[]): Promise<Map<number, LockedStepTask>>;
/** Fenced completion of many steps in one statement; returns the ones whose lease was current. */
export declare function markStepsComplete(db: Queryable, items: {
    stepId: number;
    leaseId: string;
    output: JsonValue;
}[]): Promise<{
    id: number;
    task_id: string;
    name: string;
    attempts: number;
    worker_id: string | null;
    handler: string;
    duration_ms: number | null;
    keyed: boolean;
}[]>;
/** `releaseDependents` for many completed steps at once. */
export declare function releaseDependentsOfMany(db: Queryable, stepIds: number[]): Promise<(ReleasedStep & {
    task_id: string;
})[]>;
/** What a step is now, for reports that did not apply (duplicate, stale, missing). */
export declare function findStepLeases(db: Queryable, stepIds: number[]): Promise<Map<number, {
    state: string;
    lease_id: string | null;
}>>;
