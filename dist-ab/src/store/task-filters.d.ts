/**
 * Tasks chosen by a filter, for the bulk operations (`POST /v1/tasks/cancel`,
 * `POST /v1/tasks/retry`): count, sample, and page through the matches in
 * creation order. Every value is a parameter; only state lists (from the
 * domain) are literal text.
 */
import type { TaskStatus } from '../domain/types.js';
import type { Queryable } from './db.js';
/** Which tasks a bulk operation acts on. Every given field must hold (AND). */
export interface TaskMatch {
    /** Task statuses to consider; never empty (the operation's eligible statuses, narrowed by the request's). */
    statuses: readonly TaskStatus[];
    namespace?: string;
    name?: string;
    /** Tasks carrying this tag. */
    tag?: string;
    /** Created at or after this time (ISO 8601). */
    createdAfter?: string;
    /** Created before this time (ISO 8601). */
    createdBefore?: string;
    /** Tasks with a step in `error` whose `error.code` is this. */
    errorCode?: string;
    /** Only tasks with at least one step in `error` (what a retry re-runs). */
    hasErrorStep?: boolean;
    /**
     * Created no later than this exact time (the `as_of` that `countMatchingTasks`
     * answers): a run pages over the tasks that existed when it was counted, not
     * the ones submitted while it runs.
     */
    asOf?: string;
}
/** Where a page ends: the last task's exact creation time (microseconds, UTC text) and id. */
export interface TaskCursor {
    createdAt: string;
    id: string;
}
/** A matched task as a dry run shows it. */
export interface MatchedTaskRow {
    id: string;
    namespace: string;
    name: string;
    status: TaskStatus;
    created_at: Date;
}
/**
 * How many tasks match now, and the exact time of the count (`as_of`), which
 * a run passes back as `asOf` so that it pages over the same tasks.
 */
export declare function countMatchingTasks(db: Queryable, match: TaskMatch): Promise<{
    count: number;
    asOf: string;
}>;
/** The oldest `limit` matching tasks, for a dry run's sample. */
export declare function sampleMatchingTasks(db: Queryable, match: TaskMatch, limit: number): Promise<MatchedTaskRow[]>;
/**
 * The next page of matching task ids after `after` (from the oldest when
 * null), oldest first, with the cursor of its last task. Keyset paging: a
 * task whose status changed (the operation itself cancelled it) does not
 * shift the pages after it.
 */
export declare function pageMatchingTaskIds(db: Queryable, match: TaskMatch, after: TaskCursor | null, limit: number): Promise<{
    ids: string[];
    next: TaskCursor | null;
}>;
