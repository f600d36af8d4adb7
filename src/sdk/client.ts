/**
 * BatonClient: the HTTP API (DESIGN §4) with typed methods, over global fetch.
 * The CLI's task and template commands are built on it. Each method says
 * whether it is safe to repeat; the requester (./http-request.ts) retries
 * those after a transient failure (./client-retry.ts).
 */
import { TERMINAL_TASK_STATUSES as TERMINAL_STATUS_LIST } from '../domain/state-machine.js';
import type { EventResult, SignalResult } from '../core/signals.js';
import type { SubmitResult, TaskRequest } from '../core/submit.js';
import type { ScheduleInput, SchedulePatch, ScheduleView } from '../core/schedule-service.js';
import type { RateLimitView, StepView, TaskView, TemplateView } from '../core/views.js';
import type { JsonObject, JsonValue, TaskStatus } from '../domain/types.js';
import { BatonError } from '../errors.js';
import { generateIdempotencyKey, resolveClientRetry, type ClientRetryOptions } from './client-retry.js';
import type {
  BatonClientOptions,
  BulkOptions,
  BulkPreview,
  BulkResult,
  BulkTaskFilter,
  CancelResult,
  FailureGroup,
  FailuresFilter,
  RegisterTemplateResult,
  TaskDetail,
  TaskListFilter,
  TaskPage,
  WaitOptions,
} from './client-types.js';
import { followEvents, type FollowOptions, type TaskEvent } from './events.js';
import { createHttpRequester, type HttpRequester } from './http-request.js';
import type { ExternalEvent, SignalOptions, SignalTarget } from './signal-types.js';
import { waitUntilTerminal } from './wait-helpers.js';

export type { EventResult, ExternalEvent, RateLimitView, SignalOptions, SignalResult, SignalTarget, StepView, TaskRequest, TaskView, TemplateView };
export type { BatonClientOptions, CancelResult, ClientRetryOptions, RegisterTemplateResult, TaskDetail, TaskListFilter, TaskPage, WaitOptions };
export type { BulkOptions, BulkPreview, BulkResult, BulkTaskFilter, FailureGroup, FailuresFilter };

/** Task states after which nothing changes. */
export const TERMINAL_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set(TERMINAL_STATUS_LIST);

export function isTerminalStatus(status: TaskStatus): boolean {
  return TERMINAL_TASK_STATUSES.has(status);
}

/** The `traceparent` header of a submission: its requests' W3C trace context (the first one given; a batch is one submit span). */
function traceparentHeader(traceparents: (string | undefined)[]): Record<string, string> {
  const given = traceparents.find((t) => t !== undefined);
  return given === undefined ? {} : { traceparent: given };
}

/** The `x-request-id` that carries the correlation id of a submission's requests (all one, or none). */
function requestIdHeader(correlationIds: (string | undefined)[]): Record<string, string> {
  const given = new Set(correlationIds.filter((id) => id !== undefined));
  if (given.size > 1) {
    throw new BatonError('invalid_request', 'a batch sent over HTTP has one correlation id (its x-request-id): give its requests the same correlationId, or none');
  }
  const [id] = given;
  return id === undefined ? {} : { 'x-request-id': id };
}

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
export class BatonClient {
  readonly baseUrl: string;
  private readonly http: HttpRequester;
  /** Whether calls are retried: then a submit without an idempotency key gets one, for its retries. */
  private readonly retries: boolean;

  constructor(baseUrl: string, opts: BatonClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    const retry = resolveClientRetry(opts.retry);
    this.retries = retry !== undefined;
    this.http = createHttpRequester({
      baseUrl: this.baseUrl,
      token: opts.token,
      fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      retry,
    });
  }

  /**
   * Registers a template. A string is sent as YAML (which also reads JSON), or
   * as JSON with `format: 'json'`; an object is sent as JSON. Retried: the same
   * definition again is answered unchanged, so after a retry `created` may be
   * false although this call's lost first attempt created it.
   */
  async registerTemplate(source: string | object, opts: { format?: 'yaml' | 'json' } = {}): Promise<RegisterTemplateResult> {
    const isText = typeof source === 'string';
    const contentType = isText && opts.format !== 'json' ? 'application/yaml' : 'application/json';
    const { status, body } = await this.http.request<{ template: TemplateView; created?: boolean }>('POST', '/v1/templates', {
      body: { raw: isText ? source : JSON.stringify(source), contentType },
      retry: true,
    });
    return { template: body.template, created: body.created ?? status === 201 };
  }

  async listTemplates(): Promise<TemplateView[]> {
    return (await this.read<{ templates: TemplateView[] }>('/v1/templates')).templates;
  }

  /** One template with its definition; the latest version when `version` is omitted. */
  async getTemplate(namespace: string, name: string, version?: string): Promise<TemplateView> {
    const parts = [namespace, name, ...(version === undefined ? [] : [version])].map(encodeURIComponent);
    return (await this.read<{ template: TemplateView }>(`/v1/templates/${parts.join('/')}`)).template;
  }

  /**
   * Submits a task. `created` is false when an existing task was returned for
   * the idempotency key. A `correlationId` is sent as the `x-request-id` header
   * (the server keeps its characters `A-Za-z0-9._:-/+=@` only), a `traceparent`
   * (e.g. `ctx.traceparent` in a handler) as the `traceparent` header.
   *
   * Retried: a request without an `idempotency_key` gets a fresh one (a UUID,
   * stored on the task), the same on every retry of this call, so a retry
   * whose first attempt's answer was lost gets that task back, never a second.
   */
  async submit(req: TaskRequest): Promise<SubmitResult> {
    const { correlationId, traceparent, ...json } = req;
    const generated = this.retries && json.idempotency_key === undefined;
    const sent = generated ? { ...json, idempotency_key: generateIdempotencyKey() } : json;
    const { status, body } = await this.http.request<{ id: string; status: TaskStatus; created?: boolean }>('POST', '/v1/tasks', {
      body: { json: sent },
      headers: { ...requestIdHeader([correlationId]), ...traceparentHeader([traceparent]) },
      retry: true,
    });
    // A key of this call's own names no task but the one this call made, whichever attempt made it.
    return { id: body.id, status: body.status, created: generated || (body.created ?? status === 202) };
  }

  /**
   * Submits many tasks in one transaction (all or none). A batch has one
   * `x-request-id`, so its requests carry one `correlationId` or none.
   * Retried like `submit`: each request without a key gets its own.
   */
  async submitMany(reqs: TaskRequest[]): Promise<{ id: string; status: TaskStatus }[]> {
    const headers = { ...requestIdHeader(reqs.map((r) => r.correlationId)), ...traceparentHeader(reqs.map((r) => r.traceparent)) };
    const tasks = reqs.map(({ correlationId: _, traceparent: _t, ...json }) =>
      this.retries && json.idempotency_key === undefined ? { ...json, idempotency_key: generateIdempotencyKey() } : json,
    );
    const { body } = await this.http.request<{ tasks: { id: string; status: TaskStatus }[] }>('POST', '/v1/tasks/batch', { body: { json: { tasks } }, headers, retry: true });
    return body.tasks;
  }

  async get(id: string): Promise<TaskDetail> {
    const { task } = await this.read<{ task: TaskDetail }>(`/v1/tasks/${encodeURIComponent(id)}`);
    return { ...task, steps: task.steps ?? [] };
  }

  async list(filter: TaskListFilter = {}): Promise<TaskPage> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
    const qs = query.toString();
    const page = await this.read<TaskPage>(`/v1/tasks${qs === '' ? '' : `?${qs}`}`);
    return { tasks: page.tasks, next_cursor: page.next_cursor ?? null };
  }

  /** Cancels a task. Retried: a repeat finds it cancelled, so after a retry `changed` may be false although this call cancelled it. */
  async cancel(id: string): Promise<CancelResult> {
    return this.post<CancelResult>(`/v1/tasks/${encodeURIComponent(id)}/cancel`, {}, true);
  }

  /**
   * Cancels every live task the filter matches (up to `limit`, oldest first),
   * each in its own transaction; `dryRun` only counts and samples them.
   * Not retried (a repeat after a lost answer would find the tasks cancelled
   * and count them skipped), except a dry run.
   * @example await baton.cancelTasks({ namespace: 'shop', name: 'order', created_before: '2030-01-01T00:00:00Z' }, { dryRun: true })
   */
  cancelTasks(filter: BulkTaskFilter, opts: BulkOptions & { dryRun: true }): Promise<BulkPreview>;
  cancelTasks(filter: BulkTaskFilter, opts?: BulkOptions & { dryRun?: false }): Promise<BulkResult>;
  cancelTasks(filter: BulkTaskFilter, opts?: BulkOptions): Promise<BulkPreview | BulkResult>;
  async cancelTasks(filter: BulkTaskFilter, opts: BulkOptions = {}): Promise<BulkPreview | BulkResult> {
    return this.bulk('/v1/tasks/cancel', filter, opts);
  }

  /**
   * Re-runs the steps in `error` of every task the filter matches (and what
   * they blocked; the tasks reopen), up to `limit`, oldest first. Not
   * retried, except a dry run.
   * @example await baton.retryTasks({ status: ['error'], error_code: 'rate_limited', created_after: '2030-01-07T00:00:00Z' })
   */
  retryTasks(filter: BulkTaskFilter, opts: BulkOptions & { dryRun: true }): Promise<BulkPreview>;
  retryTasks(filter: BulkTaskFilter, opts?: BulkOptions & { dryRun?: false }): Promise<BulkResult>;
  retryTasks(filter: BulkTaskFilter, opts?: BulkOptions): Promise<BulkPreview | BulkResult>;
  async retryTasks(filter: BulkTaskFilter, opts: BulkOptions = {}): Promise<BulkPreview | BulkResult> {
    return this.bulk('/v1/tasks/retry', filter, opts);
  }

  /** The dead-letter view: errored tasks grouped by template, step and error code, largest groups first. */
  async failures(filter: FailuresFilter = {}): Promise<FailureGroup[]> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
    const qs = query.toString();
    return (await this.read<{ groups: FailureGroup[] }>(`/v1/failures${qs === '' ? '' : `?${qs}`}`)).groups;
  }

  private async bulk(path: string, filter: BulkTaskFilter, opts: BulkOptions): Promise<BulkPreview | BulkResult> {
    const dryRun = opts.dryRun === true;
    const json = { filter, ...(dryRun ? { dry_run: true } : {}), ...(opts.limit === undefined ? {} : { limit: opts.limit }) };
    return this.post<BulkPreview | BulkResult>(path, json, dryRun);
  }

  /** Operator: re-runs a step in error (and what it blocked); the task reopens. Not retried. */
  async retryStep(id: string, step: string): Promise<TaskDetail> {
    return (await this.post<{ task: TaskDetail }>(`/v1/tasks/${encodeURIComponent(id)}/steps/${encodeURIComponent(step)}/retry`, {}, false)).task;
  }

  /** Operator: marks a step resolved with `output`; its dependents go on. Not retried. */
  async resolveStep(id: string, step: string, output: unknown): Promise<TaskDetail> {
    return (await this.post<{ task: TaskDetail }>(`/v1/tasks/${encodeURIComponent(id)}/steps/${encodeURIComponent(step)}/resolve`, { output }, false)).task;
  }

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
  async signal<S = Record<string, JsonValue>, const N extends keyof S & string = keyof S & string>(
    task: SignalTarget<S>,
    name: N,
    payload?: S[N],
    opts: SignalOptions = {},
  ): Promise<SignalResult> {
    const id = typeof task === 'string' ? task : task.id;
    const json = { ...(payload === undefined ? {} : { payload }), ...(opts.idempotencyKey === undefined ? {} : { idempotency_key: opts.idempotencyKey }) };
    return this.post<SignalResult>(`/v1/tasks/${encodeURIComponent(id)}/signals/${encodeURIComponent(name)}`, json, opts.idempotencyKey !== undefined);
  }

  /**
   * Sends an external event: it completes every step waiting for its name and
   * key (`delivered`), or is kept for a step that starts waiting later (`kept`).
   * Retried only with an `idempotencyKey` (without one, a repeat is a second event).
   * @example await baton.sendEvent({ name: 'payment.received', key: 'o-1', payload: { amount: 40 }, idempotencyKey: 'pay-81' });
   */
  async sendEvent(event: ExternalEvent): Promise<EventResult> {
    const { idempotencyKey, ...rest } = event;
    const json = { ...rest, ...(idempotencyKey === undefined ? {} : { idempotency_key: idempotencyKey }) };
    return this.post<EventResult>('/v1/events', json, idempotencyKey !== undefined);
  }

  /** Declares or changes a named rate limit (`POST /v1/rate-limits`): `limit` units per `per` (`1s`, `1m`, `1h`). Retried: a repeat sets the same. */
  async setRateLimit(name: string, limit: number, per: string): Promise<RateLimitView> {
    return this.post<RateLimitView>('/v1/rate-limits', { name, limit, per }, true);
  }

  async listRateLimits(): Promise<RateLimitView[]> {
    return (await this.read<{ rate_limits: RateLimitView[] }>('/v1/rate-limits')).rate_limits;
  }

  /** Creates a schedule, or replaces the one of that name (`created: false`); `POST /v1/schedules`. Retried: a repeat replaces it with itself. */
  async applySchedule(schedule: ScheduleInput): Promise<{ schedule: ScheduleView; created: boolean }> {
    const { status, body } = await this.http.request<{ schedule: ScheduleView }>('POST', '/v1/schedules', { body: { json: schedule }, retry: true });
    return { schedule: body.schedule, created: status === 201 };
  }

  async listSchedules(): Promise<ScheduleView[]> {
    return (await this.read<{ schedules: ScheduleView[] }>('/v1/schedules')).schedules;
  }

  async getSchedule(name: string): Promise<ScheduleView> {
    return (await this.read<{ schedule: ScheduleView }>(`/v1/schedules/${encodeURIComponent(name)}`)).schedule;
  }

  /** Changes some fields; `{paused: true}` pauses, `{paused: false}` resumes from now (missed slots are not caught up). Not retried. */
  async patchSchedule(name: string, patch: SchedulePatch): Promise<ScheduleView> {
    return (await this.http.request<{ schedule: ScheduleView }>('PATCH', `/v1/schedules/${encodeURIComponent(name)}`, { body: { json: patch } })).body.schedule;
  }

  /** Not retried: a repeat after a lost answer would be `not_found`. */
  async deleteSchedule(name: string): Promise<void> {
    await this.http.request('DELETE', `/v1/schedules/${encodeURIComponent(name)}`);
  }

  /** Fires one task now, outside the schedule's slots. Not retried (a repeat fires another). */
  async triggerSchedule(name: string): Promise<{ task: SubmitResult; schedule: ScheduleView }> {
    return this.post<{ task: SubmitResult; schedule: ScheduleView }>(`/v1/schedules/${encodeURIComponent(name)}/trigger`, {}, false);
  }

  /**
   * Polls the task until it is terminal (complete, error, cancelled, timed_out)
   * and returns it; past `timeoutMs` it throws `wait_timeout`. Each poll is a
   * read, retried within the client's deadline.
   */
  async wait(id: string, opts: WaitOptions = {}): Promise<TaskDetail> {
    return waitUntilTerminal(id, () => this.get(id), opts, 250);
  }

  /**
   * The task's live events in log order, then `end` (and the iteration finishes);
   * a dropped connection is resumed with `Last-Event-ID`. @example
   * for await (const e of baton.events(id)) if (e.event === 'transition') console.log(e.data.step, e.data.to);
   */
  events(taskId: string, opts: FollowOptions = {}): AsyncGenerator<TaskEvent> {
    return this.follow(`/v1/tasks/${encodeURIComponent(taskId)}/events`, opts);
  }

  /** Every task's events (`GET /v1/events`), from now (or after `lastEventId`); never ends on its own. */
  allEvents(opts: FollowOptions = {}): AsyncGenerator<TaskEvent> {
    return this.follow('/v1/events', opts);
  }

  private follow(path: string, opts: FollowOptions): AsyncGenerator<TaskEvent> {
    const { http } = this;
    const errorFrom = (status: number, text: string, headers?: Headers) => http.errorFromResponse(status, text, headers, 'GET', path);
    return followEvents({ url: `${this.baseUrl}${path}`, headers: { ...http.authHeaders }, fetch: http.fetch, errorFrom }, opts);
  }

  /** A GET: always safe to repeat. */
  private async read<T>(path: string): Promise<T> {
    return (await this.http.request<T>('GET', path, { retry: true })).body;
  }

  private async post<T>(path: string, json: unknown, retry: boolean): Promise<T> {
    return (await this.http.request<T>('POST', path, { body: { json }, retry })).body;
  }
}

export type { JsonObject };
