/**
 * The dead-letter view (`GET /v1/failures`): tasks that ended in `error`,
 * grouped by template, step and error code.
 */
import type { Queryable } from './db.js';
export interface FailureFilter {
    namespace?: string;
    /** Tasks created at or after this time (ISO 8601). */
    createdAfter?: string;
    /** Tasks created before this time (ISO 8601). */
    createdBefore?: string;
    /** Most groups answered, largest first. */
    limit: number;
}
/** One group of the view: the errored tasks of one template whose step failed with one code. */
export interface FailureGroupRow {
    namespace: string;
    name: string;
    /** The template step: fan-out instances (`charge[3]`) count under their step (`charge`). */
    step: string;
    /** The error's `code`; null when the failure carried none. */
    error_code: string | null;
    /** Errored tasks in the group. */
    tasks: number;
    /** When the group's first and last failures happened (the step's `finished_at`, else the task's). */
    first_seen: Date;
    last_seen: Date;
    /** The message of the group's latest failure, as an example. */
    last_message: string | null;
}
/**
 * The groups, largest first. Reads only tasks in `error` (through
 * `tasks_status_created_idx`) and their steps in `error`.
 */
export declare function listFailureGroups(db: Queryable, filter: FailureFilter): Promise<FailureGroupRow[]>;
