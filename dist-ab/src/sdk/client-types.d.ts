/**
 * The options and answers of BatonClient (src/sdk/client.ts), apart so that
 * the helpers it shares with LocalClient can name them without the class.
 */
import type { StepView, TaskView, TemplateView } from '../core/views.js';
import type { TaskStatus } from '../domain/types.js';
import type { ClientRetryOptions } from './client-retry.js';
/** A task as `GET /v1/tasks/:id` returns it: always with its steps. */
export type TaskDetail = TaskView & {
    steps: StepView[];
};
export interface BatonClientOptions {
    /** Bearer token sent as `Authorization: Bearer <token>`. */
    token?: string;
    /** The fetch to use. @default globalThis.fetch */
    fetch?: typeof fetch;
    /**
     * Retries of calls that are safe to repeat, after a transient failure (a
     * connection refused or reset, an answer 429, 502, 503 or 504), with
     * exponential backoff and jitter, honouring `Retry-After`, within a deadline.
     * `false`: one attempt per call. docs/errors.md lists what is retried.
     * @default { deadlineMs: 30_000, maxAttempts: Infinity, baseMs: 200, maxMs: 5_000 }
     * @example new BatonClient(url, { retry: { deadlineMs: 10_000 } })
     */
    retry?: ClientRetryOptions | false;
}
export interface TaskListFilter {
    status?: TaskStatus;
    namespace?: string;
    name?: string;
    tag?: string;
    /** Page size. @default the server's (50) */
    limit?: number;
    /** `next_cursor` of the previous page. */
    cursor?: string;
}
export interface TaskPage {
    tasks: TaskView[];
    next_cursor: string | null;
}
export interface RegisterTemplateResult {
    template: TemplateView;
    /** false when an identical template was already registered (HTTP 200 instead of 201). */
    created: boolean;
}
export interface CancelResult {
    id: string;
    status: TaskStatus;
    /** false when the task had already finished. */
    changed: boolean;
}
export interface WaitOptions {
    /** Give up after this long with a BatonError `wait_timeout` (the task is still running; `details.status` says how far it got). @default no limit */
    timeoutMs?: number;
    /** Interval between polls. @default 250 */
    pollMs?: number;
    /** Called with the first snapshot and each one that differs from the last (status, a step's state or attempts). */
    onUpdate?(task: TaskDetail): void;
    /** Stops waiting (the promise rejects with the signal's reason). */
    signal?: AbortSignal;
}
/** Which tasks a bulk cancel or retry acts on (`POST /v1/tasks/cancel|retry`); every given field must hold. */
export interface BulkTaskFilter {
    /** Narrows the statuses the action applies to (cancel: pending, running, waiting_for_retry; retry: those and error). */
    status?: TaskStatus[];
    /** Template namespace. */
    namespace?: string;
    /** Template name. */
    name?: string;
    tag?: string;
    /** Created at or after (ISO 8601 with an offset). */
    created_after?: string;
    /** Created before (ISO 8601 with an offset). */
    created_before?: string;
    /** Tasks with a step in `error` whose `error.code` is this. */
    error_code?: string;
}
export interface BulkOptions {
    /** Count and sample the matches; change nothing. Dry runs are retried like reads. @default false */
    dryRun?: boolean;
    /** The most tasks one call acts on (1 to 100,000; run again while `truncated`). @default 10000 */
    limit?: number;
}
/** What a bulk call would act on (`dry_run: true`). */
export interface BulkPreview {
    dry_run: true;
    matched: number;
    limit: number;
    /** A run would stop at `limit` with matches left. */
    truncated: boolean;
    /** The oldest matches, up to 20. */
    sample: {
        id: string;
        namespace: string;
        name: string;
        status: TaskStatus;
        created_at: string;
    }[];
}
/** What a bulk call did. `changed + skipped + failed_count` is every task visited. */
export interface BulkResult {
    dry_run: false;
    /** Tasks matched when the run began. */
    matched: number;
    /** Cancelled, or reopened by the retry. */
    changed: number;
    /** Visited but needing nothing (finished, or no step in error any more). */
    skipped: number;
    /** The first few tasks that could not be changed. */
    failed: {
        task_id: string;
        code: string;
        message: string;
    }[];
    failed_count: number;
    batches: number;
    /** Stopped at `limit` with matches left: run it again for the rest. */
    truncated: boolean;
}
/** Filters of the dead-letter view (`GET /v1/failures`). */
export interface FailuresFilter {
    namespace?: string;
    created_after?: string;
    created_before?: string;
    /** Most groups answered, largest first. @default 100 */
    limit?: number;
}
/** One group of the dead-letter view: errored tasks of one template whose step failed with one code. */
export interface FailureGroup {
    namespace: string;
    name: string;
    /** The template step (fan-out instances count under it). */
    step: string;
    error_code: string | null;
    tasks: number;
    first_seen: string;
    last_seen: string;
    last_message: string | null;
}
