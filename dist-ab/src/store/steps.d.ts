import type { JsonObject, JsonValue, StepError, StepState } from '../domain/types.js';
import type { Queryable } from './db.js';
import type { StepRow } from './rows.js';
export interface NewStep {
    taskId: string;
    name: string;
    handler: string;
    kind: string;
    pendingDeps: number;
    maxAttempts: number;
    retry: JsonObject;
    timeoutMs: number | null;
    params: JsonObject;
    labels: Record<string, string>;
    priority: number;
    visibleAt: Date | null;
    /** For fan-out instances: the template step they were made from, and their slice of the items. */
    templateStep?: string | null;
    fanOut?: JsonObject | null;
    /** The resolved concurrency key and its limit (null: no key). */
    concurrencyKey?: string | null;
    concurrencyLimit?: number | null;
    /** A rate-limited step's limit, resolved window key ('' for none) and units per start. */
    rateLimit?: {
        name: string;
        key: string;
        units: number;
    } | null;
}
/** The rate-limit columns of new steps: name, key and units arrays (`unnest` order). */
export declare function rateLimitColumns(steps: NewStep[]): unknown[];
/**
 * The columns every new step has, one array each, in this order: task_id,
 * name, handler, kind, deps, max_attempts, retry, timeout_ms, params, labels,
 * priority, visible_at (as `unnest` takes them).
 */
export declare function stepColumns(steps: NewStep[]): unknown[];
/** Inserts many steps in one statement; returns their ids by `${taskId}/${name}`. */
export declare function insertSteps(db: Queryable, steps: NewStep[]): Promise<Map<string, number>>;
export declare function insertEdges(db: Queryable, edges: {
    taskId: string;
    from: number;
    to: number;
}[]): Promise<void>;
export declare function listSteps(db: Queryable, taskId: string): Promise<StepRow[]>;
export declare function listEdges(db: Queryable, taskId: string): Promise<{
    from_step: number;
    to_step: number;
}[]>;
/** Locks a running step if `leaseId` still owns it; null means the lease is stale. */
export declare function lockLeasedStep(db: Queryable, stepId: number, leaseId: string, onlyIfExpired?: boolean): Promise<StepRow | null>;
export declare function findStep(db: Queryable, stepId: number): Promise<StepRow | null>;
export declare function findStepByName(db: Queryable, taskId: string, name: string): Promise<StepRow | null>;
/** Fenced completion: only the step's current lease, only while running. */
export declare function markStepComplete(db: Queryable, stepId: number, leaseId: string, output: JsonValue): Promise<StepRow | null>;
/** After a failed attempt with attempts left: back to ready, visible after the backoff. Returns the attempt's duration (ms). */
export declare function markStepRetrying(db: Queryable, stepId: number, error: StepError, delayMs: number): Promise<number | null>;
/** A step's final failure. Returns the last attempt's duration (ms). */
export declare function markStepError(db: Queryable, stepId: number, error: StepError): Promise<number | null>;
export interface ReleasedStep {
    id: number;
    name: string;
    state: StepState;
    kind: string;
}
/**
 * Counts a settled upstream step against each dependent, in one statement (so
 * in the same transaction as the completion). A dependent whose count reaches
 * zero becomes ready, unless every one of its dependencies was skipped by a
 * decision: then it is skipped too.
 */
export declare function releaseDependents(db: Queryable, stepId: number, upstreamSkipped: boolean): Promise<ReleasedStep[]>;
/** Stores a checkpoint for the current lease only. */
export declare function saveCheckpoint(db: Queryable, stepId: number, leaseId: string, data: JsonValue): Promise<boolean>;
/** A step a failure skipped; a waiting workflow step's child (`wait_key`) is cancelled with it. */
export interface SkippedStep {
    name: string;
    from: StepState;
    kind: string;
    wait_key: string | null;
}
/** Skips every pending or ready step of the task (on_failure: stop). */
export declare function skipAllWaiting(db: Queryable, taskId: string): Promise<SkippedStep[]>;
/** Skips the waiting steps downstream of a step, transitively (on_failure: continue). */
export declare function skipDownstream(db: Queryable, stepId: number): Promise<SkippedStep[]>;
/** Cancels every live step of a task, running ones included (their leases become stale). */
export declare function cancelLiveSteps(db: Queryable, taskId: string): Promise<{
    id: number;
    name: string;
    from: StepState;
    attempts: number;
    worker_id: string | null;
    handler: string;
    kind: string;
    wait_key: string | null;
}[]>;
/** Outputs of the named steps of each task (the `results` a handler receives). */
export declare function findOutputs(db: Queryable, wanted: {
    taskId: string;
    name: string;
}[]): Promise<Map<string, JsonValue>>;
/** An operator's retry: the step runs again from its first attempt. */
export declare function reopenStep(db: Queryable, stepId: number): Promise<void>;
/** An operator's resolve: the step counts as done with the given output. */
export declare function resolveStepRow(db: Queryable, stepId: number, output: JsonValue): Promise<void>;
/** Puts a step skipped because of an error back in line, with its dependency counts recomputed. */
export declare function unskipStep(db: Queryable, stepId: number, pendingDeps: number, skippedDeps: number): Promise<void>;
