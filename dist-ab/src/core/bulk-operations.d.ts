import type { TaskStatus } from '../domain/types.js';
import { type FailureFilter, type FailureGroupRow } from '../store/failures.js';
import { type MatchedTaskRow, type TaskMatch } from '../store/task-filters.js';
import type { Engine } from './engine.js';
/** Bounds of a bulk operation (docs/operations.md, "Cleaning up after an incident"). */
export declare const BulkLimits: {
    /** Tasks one call acts on when the request gives no `limit`. */
    readonly defaultLimit: 10000;
    /** The largest `limit` a request may give. */
    readonly maxLimit: 100000;
    /** Tasks per batch (one keyset page). */
    readonly batchSize: 500;
    /** Tasks a dry run lists. */
    readonly sampleSize: 20;
    /** Failures the answer lists (all are counted in `failed_count`). */
    readonly failuresShown: 20;
};
export type BulkAction = 'cancel' | 'retry';
/** A bulk operation's filter, as the API takes it (snake_case). Every given field must hold. */
export interface BulkFilter {
    /** Narrows the statuses the action applies to (cancel: live tasks; retry: tasks with a step in `error`). */
    status?: TaskStatus[];
    namespace?: string;
    name?: string;
    tag?: string;
    /** ISO 8601; inclusive. */
    created_after?: string;
    /** ISO 8601; exclusive. */
    created_before?: string;
    /** Tasks with a step in `error` whose `error.code` is this. */
    error_code?: string;
}
/**
 * The statuses each action can change: cancel ends live tasks; retry reopens
 * a task with a step in `error`, which is either finished in `error` or still
 * live (its `on_failure: continue` let other steps go on).
 */
export declare const BULK_STATUSES: Readonly<Record<BulkAction, readonly TaskStatus[]>>;
export interface BulkPreview {
    /** Tasks the filter matches now. */
    matched: number;
    /** The most a run of this request acts on. */
    limit: number;
    /** Whether a run would stop at `limit` before the last match (run it again for the rest). */
    truncated: boolean;
    /** The oldest matches, up to 20. */
    sample: MatchedTaskRow[];
}
export interface BulkFailure {
    task_id: string;
    code: string;
    message: string;
}
export interface BulkResult {
    /** Tasks the filter matched when the run began. */
    matched: number;
    /** Tasks cancelled, or reopened by a retry. */
    changed: number;
    /** Tasks visited that needed nothing (they finished, or lost their error step, meanwhile). */
    skipped: number;
    /** Tasks that could not be changed: the first few, with why. */
    failed: BulkFailure[];
    failed_count: number;
    /** Keyset pages processed. */
    batches: number;
    /** Whether the run stopped at `limit` with matches left (run it again for the rest). */
    truncated: boolean;
}
/** The store's match for an action and a request's filter; a status the action cannot change is refused. */
export declare function matchFor(action: BulkAction, filter: BulkFilter): TaskMatch;
/** What a run would act on; changes nothing. */
export declare function previewBulk(engine: Engine, action: BulkAction, filter: BulkFilter, limit?: number): Promise<BulkPreview>;
export interface BulkRunOptions {
    limit?: number;
    /** Who asked (the token's `sub`), for the task log. */
    actor?: string | null;
    batchSize?: number;
}
/** Cancels, or retries, every matching task (up to `limit`), batch by batch. */
export declare function runBulk(engine: Engine, action: BulkAction, filter: BulkFilter, opts?: BulkRunOptions): Promise<BulkResult>;
/** The dead-letter view: errored tasks grouped by template, step and error code, largest groups first. */
export declare function listFailures(engine: Engine, filter: FailureFilter): Promise<FailureGroupRow[]>;
