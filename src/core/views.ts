import type { JsonObject, JsonValue, StepError, StepState, TaskStatus } from '../domain/types.js';
import { placementProblem, type WorkerCapability } from '../domain/placement.js';
import { resolveParams } from '../domain/references.js';
import { waitingView, type WaitingView } from '../domain/waits.js';
import { concurrencyWaitReason, rateLimitWaitReason } from '../domain/concurrency.js';
import type { StepRow, TaskRow, TemplateRow, TransitionRow, WorkerRow } from '../store/rows.js';

/** API shapes (DESIGN §4 "task"). Rows are mapped here and nowhere else. */
export interface StepView {
  name: string;
  handler: string;
  kind: string;
  state: StepState;
  attempts: number;
  max_attempts: number;
  depends_on: string[];
  params: JsonObject;
  output: JsonValue | null;
  error: StepError | null;
  labels: Record<string, string>;
  visible_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  worker: string | null;
  /** For a ready step that no live worker can take: why (missing handler or labels). */
  waiting_reason?: string;
  /** For a waiting step (sleep, wait): what it waits for and until when. */
  waiting?: WaitingView;
}

export interface TaskView {
  id: string;
  namespace: string;
  name: string;
  version: string;
  status: TaskStatus;
  context: JsonObject;
  priority: number;
  tags: string[];
  idempotency_key: string | null;
  /** The submit's x-request-id (or a library caller's correlationId), else the task's own id. */
  correlation_id: string;
  run_at: string | null;
  deadline_at: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** For a child workflow: the task and step that started it. */
  parent_task_id: string | null;
  parent_step: string | null;
  steps?: StepView[];
  /** The child workflows this task started, oldest first (task detail only). */
  children?: ChildView[];
}

export interface ChildView {
  id: string;
  step: string | null;
  namespace: string;
  name: string;
  version: string;
  status: TaskStatus;
  created_at: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toStepView(row: StepRow, dependsOn: string[], waitingReason: string | null = null): StepView {
  return {
    ...(waitingReason ? { waiting_reason: waitingReason } : {}),
    name: row.name,
    handler: row.handler,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    max_attempts: row.max_attempts,
    depends_on: dependsOn,
    params: row.params,
    output: row.output,
    error: row.error,
    labels: row.labels,
    visible_at: row.state === 'ready' ? iso(row.visible_at) : null,
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    worker: row.worker_id,
    ...(row.state === 'waiting' ? { waiting: waitingView(row.wait_for, row.wait_key, row.wake_at) } : {}),
  };
}

export function toTaskView(row: TaskRow): TaskView {
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    version: row.version,
    status: row.status,
    context: row.context,
    priority: row.priority,
    tags: row.tags,
    idempotency_key: row.idempotency_key,
    correlation_id: row.correlation_id ?? row.id,
    run_at: iso(row.run_at),
    deadline_at: iso(row.deadline_at),
    created_at: row.created_at.toISOString(),
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    parent_task_id: row.parent_task_id ?? null,
    parent_step: row.parent_step ?? null,
  };
}

export function toChildView(row: Pick<TaskRow, 'id' | 'namespace' | 'name' | 'version' | 'status' | 'parent_step' | 'created_at'>): ChildView {
  return { id: row.id, step: row.parent_step, namespace: row.namespace, name: row.name, version: row.version, status: row.status, created_at: row.created_at.toISOString() };
}

/**
 * A task with every step: dependencies by name, params resolved as the
 * handler saw them once its dependencies are done, and for a ready step that
 * none of `workers` can take, why.
 */
export function toTaskDetail(
  task: TaskRow,
  steps: StepRow[],
  edges: { from_step: number; to_step: number }[],
  workers: WorkerCapability[],
  flow: FlowState = { runningByKey: new Map(), windowRoom: new Map() },
): TaskView & { steps: StepView[] } {
  const nameById = new Map(steps.map((s) => [s.id, s.name]));
  const deps = new Map<number, string[]>();
  for (const e of edges) deps.set(e.to_step, [...(deps.get(e.to_step) ?? []), nameById.get(e.from_step)!]);
  const outputs: Record<string, JsonValue> = {};
  for (const s of steps) if (s.state === 'complete' || s.state === 'resolved') outputs[s.name] = s.output;
  const shownParams = (s: StepRow) => {
    if (s.state === 'pending' || s.state === 'skipped') return s.params;
    try {
      return resolveParams(s.params, { context: task.context, steps: outputs });
    } catch {
      return s.params;
    }
  };
  return {
    ...toTaskView(task),
    steps: steps.map((s) => ({
      // A worker-less step (empty handler) is started by the engine, never placed on a worker.
      ...toStepView(s, deps.get(s.id) ?? [], s.state === 'ready' && s.handler !== '' ? readyProblem(s, workers, flow) : null),
      params: shownParams(s),
    })),
  };
}

/** What flow control says about a task's ready steps: running steps per concurrency key, and when full rate-limit windows have room (by `name\0key`). */
export interface FlowState {
  runningByKey: ReadonlyMap<string, number>;
  windowRoom: ReadonlyMap<string, Date | null>;
}

/** Why a ready step is not running: no worker can take it, its concurrency key is at its limit, or its rate limit is used up. */
function readyProblem(step: StepRow, workers: WorkerCapability[], flow: FlowState): string | null {
  const placement = placementProblem(step, workers);
  if (placement !== null) return placement;
  if (step.concurrency_key !== null && step.concurrency_limit !== null) {
    return concurrencyWaitReason(step.concurrency_key, step.concurrency_limit, flow.runningByKey.get(step.concurrency_key) ?? 0);
  }
  if (step.rate_limit_name !== null) {
    const key = step.rate_limit_key ?? '';
    return rateLimitWaitReason(step.rate_limit_name, key, flow.windowRoom.get(`${step.rate_limit_name}\u0000${key}`) ?? null);
  }
  return null;
}

/** `GET /v1/rate-limits`. */
export interface RateLimitView {
  name: string;
  limit: number;
  per_ms: number;
  updated_at: string;
}

export function toRateLimitView(row: { name: string; limit: number; per_ms: number; updated_at: Date }): RateLimitView {
  return { name: row.name, limit: row.limit, per_ms: row.per_ms, updated_at: row.updated_at.toISOString() };
}

export interface TemplateView {
  namespace: string;
  name: string;
  version: string;
  description: string | null;
  digest: string;
  created_at: string;
  definition?: TemplateRow['definition'];
}

export function toTemplateView(row: TemplateRow, withDefinition: boolean): TemplateView {
  return {
    namespace: row.namespace,
    name: row.name,
    version: row.version,
    description: row.definition.description ?? null,
    digest: row.digest,
    created_at: row.created_at.toISOString(),
    ...(withDefinition ? { definition: row.definition } : {}),
  };
}

/** `GET /v1/workers` (mapped by `toWorkerView` in worker-pool.ts, beside the query it reads). */
export interface WorkerView {
  id: string;
  name: string;
  transport: 'direct' | 'http';
  handlers: string[];
  labels: Record<string, string>;
  capacity: number;
  state: WorkerRow['state'];
  in_flight: number;
  last_heartbeat_at: string;
  last_error: string | null;
  created_at: string;
}

export interface EventView {
  id: number;
  type: 'transition' | 'progress' | 'signal';
  task_id: string;
  step: string | null;
  from: string | null;
  to: string | null;
  attempt: number | null;
  reason: string | null;
  worker: string | null;
  actor: string | null;
  data: JsonValue | null;
  at: string;
}

export function toEventView(row: TransitionRow): EventView {
  return {
    id: row.id,
    type: row.kind,
    task_id: row.task_id,
    step: row.step_name,
    from: row.from_state,
    to: row.to_state,
    attempt: row.attempt,
    reason: row.reason,
    worker: row.worker_id,
    actor: row.actor,
    data: row.data,
    at: row.at.toISOString(),
  };
}
