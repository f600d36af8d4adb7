/**
 * The options and answers of BatonClient (src/sdk/client.ts), apart so that
 * the helpers it shares with LocalClient can name them without the class.
 */
import type { StepView, TaskView, TemplateView } from '../core/views.js';
import type { TaskStatus } from '../domain/types.js';
import type { ClientRetryOptions } from './client-retry.js';

/** A task as `GET /v1/tasks/:id` returns it: always with its steps. */
export type TaskDetail = TaskView & { steps: StepView[] };

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
