/**
 * Types for the dashboard's check (`npm run typecheck:dashboard`,
 * tsconfig.dashboard.json): the API's shapes as the page reads them, and the DOM
 * helpers' arguments. Types only: the server serves no `.ts` file, and the page
 * names this file in JSDoc (`import('./types.js')`), never at run time.
 * The views come from the server's own code, so renaming a field there fails the
 * dashboard's check rather than the page.
 */
import type { ChildView, EventView, StepView, TaskView, TemplateView, WorkerView } from '../../core/views.js';
import type { BulkFailure, BulkFilter, BulkPreview, BulkResult } from '../../core/bulk-operations.js';
import type { FailureGroupRow } from '../../store/failures.js';
import type { ScheduleView } from '../../core/schedule-service.js';
import type { SignalResult } from '../../core/signals.js';
import type { SubmitResult } from '../../core/submit.js';
import type { WaitingView } from '../../domain/waits.js';
import type { SleepSpec, StepDefinition, TaskStatus, TemplateDefinition, WaitSpec } from '../../domain/types.js';

export type {
  BulkFailure,
  BulkFilter,
  ChildView,
  EventView,
  ScheduleView,
  SleepSpec,
  StepDefinition,
  StepView,
  TaskStatus,
  TaskView,
  TemplateDefinition,
  TemplateView,
  WaitingView,
  WaitSpec,
  WorkerView,
};

/** `GET /v1/tasks/:id`: the task with every step. */
export type TaskDetail = TaskView & { steps: StepView[] };

/** `GET /v1/tasks`. */
export interface TaskPage {
  tasks: TaskView[];
  next_cursor: string | null;
}

/** `GET /v1/tasks/:id` */
export interface TaskAnswer {
  task: TaskDetail;
}

/** `POST /v1/tasks`: 202 for a new task, 200 for one its idempotency key already named. */
export interface SubmitAnswer {
  id: string;
  status: TaskStatus;
}

/** `POST /v1/tasks/:id/cancel` */
export interface CancelAnswer {
  id: string;
  status: TaskStatus;
  changed: boolean;
}

/** `POST /v1/tasks/cancel` and `/v1/tasks/retry` with `dry_run: true`: the count and the oldest matches. */
export type BulkPreviewAnswer = Omit<BulkPreview, 'sample'> & {
  dry_run: true;
  sample: Array<Omit<BulkPreview['sample'][number], 'created_at'> & { created_at: string }>;
};

/** `POST /v1/tasks/cancel` and `/v1/tasks/retry`: what the run changed. */
export type BulkResultAnswer = BulkResult & { dry_run: false };

/** One group of `GET /v1/failures`, its times as JSON sends them. */
export type FailureGroup = Omit<FailureGroupRow, 'first_seen' | 'last_seen'> & { first_seen: string; last_seen: string };

/** `GET /v1/failures` */
export interface FailureList {
  groups: FailureGroup[];
}

/** `POST /v1/tasks/:id/signals/:name` (202). */
export type SignalAnswer = SignalResult;

/** `GET /v1/schedules` */
export interface ScheduleList {
  schedules: ScheduleView[];
}

/** `PATCH /v1/schedules/:name` */
export interface ScheduleAnswer {
  schedule: ScheduleView;
}

/** `POST /v1/schedules/:name/trigger` (201): the task fired, and the schedule after it. */
export interface TriggerAnswer {
  task: SubmitResult;
  schedule: ScheduleView;
}

/** A problem with a signal's payload: `details.errors[]` of a 400 `invalid_signal`. */
export interface PayloadProblem {
  path: string;
  message: string;
}

/** `GET /v1/templates` */
export interface TemplateList {
  templates: TemplateView[];
}

/** `GET /v1/templates/:namespace/:name/:version`: with its definition. */
export interface TemplateAnswer {
  template: TemplateView & { definition: TemplateDefinition };
}

/** `GET /v1/workers` */
export interface WorkerList {
  workers: WorkerView[];
}

/** The `end` frame of a task's event stream. */
export interface EndEvent {
  task_id: string;
  status: TaskStatus;
}

/** An event as the task page keeps it: the frame's data, with the stream's id of the frame. */
export type ReceivedEvent = Omit<EventView, 'id'> & { id: string | null };

/**
 * An event stream's `data:` once parsed, as the page reads it: the fields of a
 * transition or progress event, or of the `end` frame, told apart by the frame's type.
 */
export type StreamData = Partial<EventView> & Partial<EndEvent>;

/** What a failed call throws: an `ApiError` (with the HTTP status) or a network error (without). */
export interface Failure {
  message: string;
  status?: number;
}

/** The state of a view's live feed, shown in the top bar. */
export type FeedState = 'off' | 'connecting' | 'live' | 'retrying' | 'ended' | 'polling' | 'unavailable';

/** What the shell hands every view. */
export interface ViewContext {
  setFeed(state: FeedState): void;
  navigate(hash: string, options?: { replace?: boolean }): void;
  query: URLSearchParams;
}

/** A child of `h`/`s`: a node, or text; arrays are flattened; `undefined`, `null` and `false` are skipped. */
export type Child = Node | string | number | boolean | null | undefined | Child[];
