import type { JsonObject, JsonValue, StepError, StepKind, StepState, TaskStatus, TemplateDefinition } from '../domain/types.js';

/** Rows as stored (snake_case). Mapped to API shapes in one place: src/core/views.ts. */
export interface TemplateRow {
  id: number;
  namespace: string;
  name: string;
  version: string;
  definition: TemplateDefinition;
  digest: string;
  created_at: Date;
}

export interface TaskRow {
  id: string;
  template_id: number;
  namespace: string;
  name: string;
  version: string;
  status: TaskStatus;
  context: JsonObject;
  priority: number;
  tags: string[];
  idempotency_key: string | null;
  /**
   * The submission's request id (or a library caller's): on every handler's ctx and log line.
   * null (a task written by a release before migration 0005, or one that gave none): the task's own id.
   */
  correlation_id: string | null;
  /** The W3C trace context every step of the task joins (migration 0012); null when none was recorded. */
  traceparent: string | null;
  on_failure: 'stop' | 'continue';
  remaining_steps: number;
  error_steps: number;
  run_at: Date | null;
  deadline_at: Date | null;
  error: StepError | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** A child workflow's parent task and the step that started it; null for a task nobody started. */
  parent_task_id: string | null;
  parent_step: string | null;
  /** Ancestors above this task (0: none). */
  depth: number;
}

export interface StepRow {
  id: number;
  task_id: string;
  name: string;
  handler: string;
  /** `fan_in`: a fan-out's `each` step, completed by its instances. */
  kind: StepKind | 'fan_in';
  state: StepState;
  attempts: number;
  max_attempts: number;
  retry: JsonObject;
  timeout_ms: number | null;
  params: JsonObject;
  labels: Record<string, string>;
  pending_deps: number;
  priority: number;
  visible_at: Date;
  lease_id: string | null;
  lease_expires_at: Date | null;
  deadline_at: Date | null;
  worker_id: string | null;
  output: JsonValue | null;
  error: StepError | null;
  checkpoint: JsonValue | null;
  template_step: string | null;
  fan_out: { index: number; count: number; items: JsonValue[] } | null;
  /** `timeout`: a wait that timed out with `on_timeout: skip` (it releases dependents like a decision's skip). */
  skip_cause: 'error' | 'decision' | 'timeout' | null;
  dep_count: number;
  skipped_deps: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** A waiting step's timer: its sleep's end or its wait's timeout. */
  wake_at: Date | null;
  /** What a waiting step waits for: `signal:<name>` or `event:<name>`. */
  wait_for: string | null;
  /** The resolved key of an event wait; a waiting workflow step's child task id. */
  wait_key: string | null;
  /** The resolved concurrency key and its limit (null: none). */
  concurrency_key: string | null;
  concurrency_limit: number | null;
  /** A rate-limited step's limit name, window key ('' for none) and units per start. */
  rate_limit_name: string | null;
  rate_limit_key: string | null;
  rate_units: number | null;
}

export interface TransitionRow {
  id: number;
  task_id: string;
  step_name: string | null;
  kind: 'transition' | 'progress' | 'signal';
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  attempt: number | null;
  worker_id: string | null;
  actor: string | null;
  data: JsonValue | null;
  at: Date;
}

export interface WorkerRow {
  id: string;
  name: string;
  transport: 'direct' | 'http';
  handlers: string[];
  labels: Record<string, string>;
  capacity: number;
  state: 'active' | 'draining' | 'lost' | 'stopped';
  last_error: string | null;
  created_at: Date;
  last_heartbeat_at: Date;
}
