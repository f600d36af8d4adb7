import type { JsonValue, StepError, TaskStatus } from '../domain/types.js';
import type { StepRow, TaskRow } from '../store/rows.js';
import type { TemplateRegistry } from './template-registry.js';
import type { TaskUnit } from './task-unit.js';
/**
 * `ok`: applied. `duplicate`: this lease already reported this outcome.
 * `stale`: refused, nothing changed. `not_found`: no such execution.
 */
export type ReportResult = 'ok' | 'duplicate' | 'stale' | 'not_found';
export interface CompleteRequest {
    stepId: number;
    leaseId: string;
    output: JsonValue;
}
export interface FailRequest {
    stepId: number;
    leaseId: string;
    error: StepError;
    /** false: no further attempts (PermanentError, protocol `retryable: false`). */
    retryable: boolean;
    /** The reaper's guard: act only if the lease has really expired on the database clock. */
    onlyIfExpired?: boolean;
}
/** Whether a claim moves a task in this status to `running` (the claim statement does the same in SQL). */
export declare function isPromotable(status: TaskStatus): status is 'pending' | 'waiting_for_retry';
/** Logs the promotion of a task the caller has moved to `running`, and notes it on `task`. */
export declare function logPromotion(unit: TaskUnit, task: Pick<TaskRow, 'id' | 'status'>): void;
/**
 * Keeps a running task's reported status true after its steps changed without
 * a claim (a failed attempt, an operator's action): `waiting_for_retry` when
 * its only live work is a step in backoff, `running` otherwise.
 */
export declare function syncBackoffStatus(unit: TaskUnit, task: Pick<TaskRow, 'id' | 'status'>): Promise<void>;
export declare function completeStep(unit: TaskUnit, req: CompleteRequest, templates: TemplateRegistry): Promise<ReportResult>;
/**
 * Releases the dependents of settled steps, breadth first: dependents become
 * ready; fan-in steps complete with their instances' outputs; steps whose
 * dependencies were all skipped by a decision are skipped. Returns how many
 * steps this settled.
 */
export declare function propagate(unit: TaskUnit, task: Pick<TaskRow, 'id'>, queue: {
    id: number;
    name: string;
    skipped: boolean;
}[]): Promise<number>;
/** A step's final failure: `error`, what it blocks skipped, the task settled. */
export declare function errorStep(unit: TaskUnit, task: TaskRow, step: StepRow, error: StepError, from?: 'running' | 'waiting'): Promise<void>;
export declare function failStep(unit: TaskUnit, req: FailRequest): Promise<ReportResult>;
/** Counts settled steps on the locked task and finalizes it when none is left. */
export declare function settle(unit: TaskUnit, task: TaskRow, settled: number, errored: number): Promise<void>;
/** Exactly once: the status guard in SQL lets only the first finalization through. */
export declare function finalizeTask(unit: TaskUnit, task: Pick<TaskRow, 'id' | 'status'> & Partial<Pick<TaskRow, 'namespace' | 'name' | 'parent_task_id'>>, status: TaskStatus, reason?: string): Promise<boolean>;
export type StopReason = {
    status: 'cancelled' | 'timed_out';
    reason: string;
    actor?: string;
};
/**
 * Cancels a live task (or times it out): every live step is cancelled, running
 * ones too, so their leases go stale and late reports are refused; workers are
 * told through the cancel channel. Returns false when the task had already ended.
 */
export declare function stopTask(unit: TaskUnit, taskId: string, stop: StopReason): Promise<boolean>;
