/**
 * BatonClient: the HTTP API (DESIGN §4) with typed methods, over global fetch.
 * The CLI's task and template commands are built on it.
 */
import { TERMINAL_TASK_STATUSES as TERMINAL_STATUS_LIST } from '../domain/state-machine.js';
import type { EventResult, SignalResult } from '../core/signals.js';
import type { SubmitResult, TaskRequest } from '../core/submit.js';
import type { ScheduleInput, SchedulePatch, ScheduleView } from '../core/schedule-service.js';
import type { StepView, TaskView, TemplateView } from '../core/views.js';
import type { JsonObject, JsonValue, TaskStatus } from '../domain/types.js';
import { BatonError, errorFromAnswer } from '../errors.js';
import { followEvents, parseJsonOrUndefined, type FollowOptions, type TaskEvent } from './events.js';
import type { ExternalEvent, SignalOptions, SignalTarget } from './signal-types.js';
import { waitUntilTerminal } from './wait-helpers.js';

export type { EventResult, ExternalEvent, SignalOptions, SignalResult, SignalTarget, StepView, TaskRequest, TaskView, TemplateView };

/** A task as `GET /v1/tasks/:id` returns it: always with its steps. */
export type TaskDetail = TaskView & { steps: StepView[] };

export interface BatonClientOptions {
  /** Bearer token sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
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
  /** Give up after this long with a BatonError `unavailable` (details.timeout: true). @default no limit */
  timeoutMs?: number;
  /** Interval between polls. @default 250 */
  pollMs?: number;
  /** Called with the first snapshot and each one that differs from the last (status, a step's state or attempts). */
  onUpdate?(task: TaskDetail): void;
  /** Stops waiting (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** Task states after which nothing changes. */
export const TERMINAL_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set(TERMINAL_STATUS_LIST);

export function isTerminalStatus(status: TaskStatus): boolean {
  return TERMINAL_TASK_STATUSES.has(status);
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
 * A client of Baton's HTTP API.
 *
 * @example
 * const baton = new BatonClient('http://127.0.0.1:8080');
 * const { id } = await baton.submit({ namespace: 'shop', name: 'order_fulfillment', context: { order_id: 'o1', items: [] } });
 * const task = await baton.wait(id, { timeoutMs: 60_000 });
 */
export class BatonClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly fetchFn: typeof fetch;

  constructor(baseUrl: string, opts: BatonClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /**
   * Registers a template. A string is sent as YAML (which also reads JSON), or
   * as JSON with `format: 'json'`; an object is sent as JSON.
   */
  async registerTemplate(source: string | object, opts: { format?: 'yaml' | 'json' } = {}): Promise<RegisterTemplateResult> {
    const isText = typeof source === 'string';
    const contentType = isText && opts.format !== 'json' ? 'application/yaml' : 'application/json';
    const { status, body } = await this.request<{ template: TemplateView; created?: boolean }>('POST', '/v1/templates', {
      raw: isText ? source : JSON.stringify(source),
      contentType,
    });
    return { template: body.template, created: body.created ?? status === 201 };
  }

  async listTemplates(): Promise<TemplateView[]> {
    const { body } = await this.request<{ templates: TemplateView[] }>('GET', '/v1/templates');
    return body.templates;
  }

  /** One template with its definition; the latest version when `version` is omitted. */
  async getTemplate(namespace: string, name: string, version?: string): Promise<TemplateView> {
    const parts = [namespace, name, ...(version === undefined ? [] : [version])].map(encodeURIComponent);
    const { body } = await this.request<{ template: TemplateView }>('GET', `/v1/templates/${parts.join('/')}`);
    return body.template;
  }

  /**
   * Submits a task. `created` is false when an existing task was returned for
   * the idempotency key. A `correlationId` is sent as the `x-request-id` header
   * (the server keeps its characters `A-Za-z0-9._:-/+=@` only).
   */
  async submit(req: TaskRequest): Promise<SubmitResult> {
    const { correlationId, ...json } = req;
    const { status, body } = await this.request<{ id: string; status: TaskStatus; created?: boolean }>('POST', '/v1/tasks', { json }, requestIdHeader([correlationId]));
    return { id: body.id, status: body.status, created: body.created ?? status === 202 };
  }

  /**
   * Submits many tasks in one transaction (all or none). A batch has one
   * `x-request-id`, so its requests carry one `correlationId` or none.
   */
  async submitMany(reqs: TaskRequest[]): Promise<{ id: string; status: TaskStatus }[]> {
    const headers = requestIdHeader(reqs.map((r) => r.correlationId));
    const tasks = reqs.map(({ correlationId: _, ...json }) => json);
    const { body } = await this.request<{ tasks: { id: string; status: TaskStatus }[] }>('POST', '/v1/tasks/batch', { json: { tasks } }, headers);
    return body.tasks;
  }

  async get(id: string): Promise<TaskDetail> {
    const { body } = await this.request<{ task: TaskDetail }>('GET', `/v1/tasks/${encodeURIComponent(id)}`);
    return { ...body.task, steps: body.task.steps ?? [] };
  }

  async list(filter: TaskListFilter = {}): Promise<TaskPage> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
    const qs = query.toString();
    const { body } = await this.request<TaskPage>('GET', `/v1/tasks${qs === '' ? '' : `?${qs}`}`);
    return { tasks: body.tasks, next_cursor: body.next_cursor ?? null };
  }

  async cancel(id: string): Promise<CancelResult> {
    const { body } = await this.request<CancelResult>('POST', `/v1/tasks/${encodeURIComponent(id)}/cancel`, { json: {} });
    return body;
  }

  /** Operator: re-runs a step in error (and what it blocked); the task reopens. */
  async retryStep(id: string, step: string): Promise<TaskDetail> {
    const { body } = await this.request<{ task: TaskDetail }>('POST', `/v1/tasks/${encodeURIComponent(id)}/steps/${encodeURIComponent(step)}/retry`, { json: {} });
    return body.task;
  }

  /** Operator: marks a step resolved with `output`; its dependents go on. */
  async resolveStep(id: string, step: string, output: unknown): Promise<TaskDetail> {
    const { body } = await this.request<{ task: TaskDetail }>('POST', `/v1/tasks/${encodeURIComponent(id)}/steps/${encodeURIComponent(step)}/resolve`, {
      json: { output },
    });
    return body.task;
  }

  /**
   * Sends signal `name` to a task: the step waiting for it completes with
   * `payload` as its output (`delivered`), or gets it once it starts waiting (`kept`).
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
    const { body } = await this.request<SignalResult>('POST', `/v1/tasks/${encodeURIComponent(id)}/signals/${encodeURIComponent(name)}`, { json });
    return body;
  }

  /**
   * Sends an external event: it completes every step waiting for its name and
   * key (`delivered`), or is kept for a step that starts waiting later (`kept`).
   * @example await baton.sendEvent({ name: 'payment.received', key: 'o-1', payload: { amount: 40 } });
   */
  async sendEvent(event: ExternalEvent): Promise<EventResult> {
    const { idempotencyKey, ...rest } = event;
    const json = { ...rest, ...(idempotencyKey === undefined ? {} : { idempotency_key: idempotencyKey }) };
    const { body } = await this.request<EventResult>('POST', '/v1/events', { json });
    return body;
  }

  /** Creates a schedule, or replaces the one of that name (`created: false`); `POST /v1/schedules`. */
  async applySchedule(schedule: ScheduleInput): Promise<{ schedule: ScheduleView; created: boolean }> {
    const { status, body } = await this.request<{ schedule: ScheduleView }>('POST', '/v1/schedules', { json: schedule });
    return { schedule: body.schedule, created: status === 201 };
  }

  async listSchedules(): Promise<ScheduleView[]> {
    return (await this.request<{ schedules: ScheduleView[] }>('GET', '/v1/schedules')).body.schedules;
  }

  async getSchedule(name: string): Promise<ScheduleView> {
    return (await this.request<{ schedule: ScheduleView }>('GET', `/v1/schedules/${encodeURIComponent(name)}`)).body.schedule;
  }

  /** Changes some fields; `{paused: true}` pauses, `{paused: false}` resumes from now (missed slots are not caught up). */
  async patchSchedule(name: string, patch: SchedulePatch): Promise<ScheduleView> {
    return (await this.request<{ schedule: ScheduleView }>('PATCH', `/v1/schedules/${encodeURIComponent(name)}`, { json: patch })).body.schedule;
  }

  async deleteSchedule(name: string): Promise<void> {
    await this.request('DELETE', `/v1/schedules/${encodeURIComponent(name)}`);
  }

  /** Fires one task now, outside the schedule's slots. */
  async triggerSchedule(name: string): Promise<{ task: SubmitResult; schedule: ScheduleView }> {
    return (await this.request<{ task: SubmitResult; schedule: ScheduleView }>('POST', `/v1/schedules/${encodeURIComponent(name)}/trigger`, { json: {} })).body;
  }

  /** Polls the task until it is terminal (complete, error, cancelled, timed_out) and returns it. */
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
    const headers: Record<string, string> = this.token ? { authorization: `Bearer ${this.token}` } : {};
    const errorFrom = (status: number, text: string) => errorFromResponse(status, parseJsonOrUndefined(text), text, 'GET', path);
    return followEvents({ url: `${this.baseUrl}${path}`, headers, fetch: this.fetchFn, errorFrom }, opts);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: { json: unknown } | { raw: string; contentType: string },
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
    if (this.token !== undefined && this.token !== '') headers.authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      if ('json' in body) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body.json);
      } else {
        headers['content-type'] = body.contentType;
        payload = body.raw;
      }
    }
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(url, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
      text = await res.text();
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new BatonError('unavailable', `cannot reach Baton at ${this.baseUrl}: is \`baton start\` running?`, {
        cause: err,
        details: { url: this.baseUrl, reason: describeNetworkError(err) },
      });
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!res.ok) throw errorFromResponse(res.status, parsed, text, method, path);
    if (parsed === undefined) {
      throw new BatonError('internal', `${method} ${path} answered ${res.status} without a JSON body; is ${this.baseUrl} a Baton server?`);
    }
    return { status: res.status, body: parsed as T };
  }
}

/** The server's error answer as a BatonError; a body that is not one is quoted in the message. */
function errorFromResponse(status: number, parsed: unknown, text: string, method: string, path: string): BatonError {
  const snippet = text.trim().slice(0, 200);
  return errorFromAnswer(status, parsed, `${method} ${path} failed with HTTP ${status}${snippet ? `: ${snippet}` : ''}`);
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}

export type { JsonObject };
