import type { EventResult, SignalResult } from '../core/signals.js';
import type { SubmitResult, TaskRequest } from '../core/submit.js';
import type { ScheduleInput, SchedulePatch, ScheduleView } from '../core/schedule-service.js';
import type { RateLimitView, StepView, TaskView, TemplateView } from '../core/views.js';
import type { JsonObject, JsonValue, TaskStatus } from '../domain/types.js';
import { type ClientRetryOptions } from './client-retry.js';
import type { BatonClientOptions, BulkOptions, BulkPreview, BulkResult, BulkTaskFilter, CancelResult, FailureGroup, FailuresFilter, RegisterTemplateResult, TaskDetail, TaskListFilter, TaskPage, WaitOptions } from './client-types.js';
import { type FollowOptions, type TaskEvent } from './events.js';
import type { ExternalEvent, SignalOptions, SignalTarget } from './signal-types.js';
export type { EventResult, ExternalEvent, RateLimitView, SignalOptions, SignalResult, SignalTarget, StepView, TaskRequest, TaskView, TemplateView };
export type { BatonClientOptions, CancelResult, ClientRetryOptions, RegisterTemplateResult, TaskDetail, TaskListFilter, TaskPage, WaitOptions };
export type { BulkOptions, BulkPreview, BulkResult, BulkTaskFilter, FailureGroup, FailuresFilter };
/** Task states after which nothing changes. */
export declare const TERMINAL_TASK_STATUSES: ReadonlySet<TaskStatus>;
export declare function isTerminalStatus(status: TaskStatus): boolean;
/**
 * A client of Baton's HTTP API. Calls that are safe to repeat (reads, submits,
 * cancel, template registration, signals and events with an idempotency key)
 * are retried after a transient failure within `retry.deadlineMs`; every
 * failure is a BatonError with the answer's `code`, `status`, `requestId` and
 * `retryAfterMs`.
 *
 * @example
 * const baton = new BatonClient('http://127.0.0.1:8080', { retry: { deadlineMs: 60_000 } });
 * const { id } = await baton.submit({ namespace: 'shop', name: 'order_fulfillment', context: { order_id: 'o1', items: [] } });
 * const task = await baton.wait(id, { timeoutMs: 60_000 });
 */
export declare class BatonClient {
    readonly baseUrl: string;
    private readonly http;
    /** Whether calls are retried: then a submit without an idempotency key gets one, for its retries. */
    private readonly retries;
    constructor(baseUrl: string, opts?: BatonClientOptions);
    /**
     * Registers a template. A string is sent as YAML (which also reads JSON), or
     * as JSON with `format: 'json'`; an object is sent as JSON. Retried: the same
     * definition again is answered unchanged, so after a retry `created` may be
     * false although this call's lost first attempt created it.
     */
    registerTemplate(source: string | object, opts?: {
        format?: 'yaml' | 'json';
    }): Promise<RegisterTemplateResult>;
    listTemplates(): Promise<TemplateView[]>;
    /** One template with its definition; the latest version when `version` is omitted. */
    getTemplate(namespace: string, name: string, version?: string): Promise<TemplateView>;
    /**
     * Submits a task. `created` is false when an existing task was returned for
     * the idempotency key. A `correlationId` is sent as the `x-request-id` header
     * (the server keeps its characters `A-Za-z0-9._:-/+=@` only).
     *
     * Retried: a request without an `idempotency_key` gets a fresh one (a UUID,
     * stored on the task), the same on every retry of this call, so a retry
     * whose first attempt's answer was lost gets that task back, never a second.
     */
    submit(req: TaskRequest): Promise<SubmitResult>;
    /**
     * Submits many tasks in one transaction (all or none). A batch has one
     * `x-request-id`, so its requests carry one `correlationId` or none.
     * Retried like `submit`: each request without a key gets its own.
     */
    submitMany(reqs: TaskRequest[]): Promise<{
        id: string;
        status: TaskStatus;
    }[]>;
    get(id: string): Promise<TaskDetail>;
    list(filter?: TaskListFilter): Promise<TaskPage>;
    /** Cancels a task. Retried: a repeat finds it cancelled, so after a retry `changed` may be false although this call cancelled it. */
    cancel(id: string): Promise<CancelResult>;
    /**
     * Cancels every live task the filter matches (up to `limit`, oldest first),
     * each in its own transaction; `dryRun` only counts and samples them.
     * Not retried (a repeat after a lost answer would find the tasks cancelled
     * and count them skipped), except a dry run.
     * @example await baton.cancelTasks({ namespace: 'shop', name: 'order', created_before: '2030-01-01T00:00:00Z' }, { dryRun: true })
     */
    cancelTasks(filter: BulkTaskFilter, opts: BulkOptions & {
        dryRun: true;
    }): Promise<BulkPreview>;
    cancelTasks(filter: BulkTaskFilter, opts?: BulkOptions & {
        dryRun?: false;
    }): Promise<BulkResult>;
    cancelTasks(filter: BulkTaskFilter, opts?: BulkOptions): Promise<BulkPreview | BulkResult>;
    /**
     * Re-runs the steps in `error` of every task the filter matches (and what
     * they blocked; the tasks reopen), up to `limit`, oldest first. Not
     * retried, except a dry run.
     * @example await baton.retryTasks({ status: ['error'], error_code: 'rate_limited', created_after: '2030-01-07T00:00:00Z' })
     */
    retryTasks(filter: BulkTaskFilter, opts: BulkOptions & {
        dryRun: true;
    }): Promise<BulkPreview>;
    retryTasks(filter: BulkTaskFilter, opts?: BulkOptions & {
        dryRun?: false;
    }): Promise<BulkResult>;
    retryTasks(filter: BulkTaskFilter, opts?: BulkOptions): Promise<BulkPreview | BulkResult>;
    /** The dead-letter view: errored tasks grouped by template, step and error code, largest groups first. */
    failures(filter?: FailuresFilter): Promise<FailureGroup[]>;
    private bulk;
    /** Operator: re-runs a step in error (and what it blocked); the task reopens. Not retried. */
    retryStep(id: string, step: string): Promise<TaskDetail>;
    /** Operator: marks a step resolved with `output`; its dependents go on. Not retried. */
    resolveStep(id: string, step: string, output: unknown): Promise<TaskDetail>;
    /**
     * Sends signal `name` to a task: the step waiting for it completes with
     * `payload` as its output (`delivered`), or gets it once it starts waiting (`kept`).
     * Retried only with an `idempotencyKey` (a repeat without one is a `conflict`).
     *
     * @throws BatonError `not_found` (no such task, or no step of it waits for `name`),
     *   `invalid_signal` (the payload fails the step's schema; it keeps waiting),
     *   `conflict` (the task finished, the step stopped waiting, or `name` was already signalled without this idempotency key).
     * @example await baton.signal(id, 'approval', { approved: true }, { idempotencyKey: 'ticket-42' });
     */
    signal<S = Record<string, JsonValue>, const N extends keyof S & string = keyof S & string>(task: SignalTarget<S>, name: N, payload?: S[N], opts?: SignalOptions): Promise<SignalResult>;
    /**
     * Sends an external event: it completes every step waiting for its name and
     * key (`delivered`), or is kept for a step that starts waiting later (`kept`).
     * Retried only with an `idempotencyKey` (without one, a repeat is a second event).
     * @example await baton.sendEvent({ name: 'payment.received', key: 'o-1', payload: { amount: 40 }, idempotencyKey: 'pay-81' });
     */
    sendEvent(event: ExternalEvent): Promise<EventResult>;
    /** Declares or changes a named rate limit (`POST /v1/rate-limits`): `limit` units per `per` (`1s`, `1m`, `1h`). Retried: a repeat sets the same. */
    setRateLimit(name: string, limit: number, per: string): Promise<RateLimitView>;
    listRateLimits(): Promise<RateLimitView[]>;
    /** Creates a schedule, or replaces the one of that name (`created: false`); `POST /v1/schedules`. Retried: a repeat replaces it with itself. */
    applySchedule(schedule: ScheduleInput): Promise<{
        schedule: ScheduleView;
        created: boolean;
    }>;
    listSchedules(): Promise<ScheduleView[]>;
    getSchedule(name: string): Promise<ScheduleView>;
    /** Changes some fields; `{paused: true}` pauses, `{paused: false}` resumes from now (missed slots are not caught up). Not retried. */
    patchSchedule(name: string, patch: SchedulePatch): Promise<ScheduleView>;
    /** Not retried: a repeat after a lost answer would be `not_found`. */
    deleteSchedule(name: string): Promise<void>;
    /** Fires one task now, outside the schedule's slots. Not retried (a repeat fires another). */
    triggerSchedule(name: string): Promise<{
        task: SubmitResult;
        schedule: ScheduleView;
    }>;
    /**
     * Polls the task until it is terminal (complete, error, cancelled, timed_out)
     * and returns it; past `timeoutMs` it throws `wait_timeout`. Each poll is a
     * read, retried within the client's deadline.
     */
    wait(id: string, opts?: WaitOptions): Promise<TaskDetail>;
    /**
     * The task's live events in log order, then `end` (and the iteration finishes);
     * a dropped connection is resumed with `Last-Event-ID`. @example
     * for await (const e of baton.events(id)) if (e.event === 'transition') console.log(e.data.step, e.data.to);
     */
    events(taskId: string, opts?: FollowOptions): AsyncGenerator<TaskEvent>;
    /** Every task's events (`GET /v1/events`), from now (or after `lastEventId`); never ends on its own. */
    allEvents(opts?: FollowOptions): AsyncGenerator<TaskEvent>;
    private follow;
    /** A GET: always safe to repeat. */
    private read;
    private post;
}
export type { JsonObject };
