import type { JsonObject, JsonValue, StepError, StepState } from '../domain/types.js';
import { DONE_STEP_STATES } from '../domain/state-machine.js';
import type { Queryable } from './db.js';
import { CANCELLABLE_STEPS, SKIPPABLE_STEPS } from './state-sql.js';
import type { StepRow } from './rows.js';

export interface NewStep {
  taskId: string;
  name: string;
  handler: string;
  kind: string;
  pendingDeps: number;
  maxAttempts: number;
  retry: JsonObject;
  timeoutMs: number | null;
  params: JsonObject;
  labels: Record<string, string>;
  priority: number;
  visibleAt: Date | null;
  /** For fan-out instances: the template step they were made from, and their slice of the items. */
  templateStep?: string | null;
  fanOut?: JsonObject | null;
  /** The resolved concurrency key and its limit (null: no key). */
  concurrencyKey?: string | null;
  concurrencyLimit?: number | null;
  /** A rate-limited step's limit, resolved window key ('' for none) and units per start. */
  rateLimit?: { name: string; key: string; units: number } | null;
}

/** The rate-limit columns of new steps: name, key and units arrays (`unnest` order). */
export function rateLimitColumns(steps: NewStep[]): unknown[] {
  return [steps.map((s) => s.rateLimit?.name ?? null), steps.map((s) => s.rateLimit?.key ?? null), steps.map((s) => s.rateLimit?.units ?? null)];
}

/**
 * The columns every new step has, one array each, in this order: task_id,
 * name, handler, kind, deps, max_attempts, retry, timeout_ms, params, labels,
 * priority, visible_at (as `unnest` takes them).
 */
export function stepColumns(steps: NewStep[]): unknown[] {
  return [
    steps.map((s) => s.taskId),
    steps.map((s) => s.name),
    steps.map((s) => s.handler),
    steps.map((s) => s.kind),
    steps.map((s) => s.pendingDeps),
    steps.map((s) => s.maxAttempts),
    steps.map((s) => JSON.stringify(s.retry)),
    steps.map((s) => s.timeoutMs),
    steps.map((s) => JSON.stringify(s.params)),
    steps.map((s) => JSON.stringify(s.labels)),
    steps.map((s) => s.priority),
    steps.map((s) => s.visibleAt),
  ];
}

/** Inserts many steps in one statement; returns their ids by `${taskId}/${name}`. */
export async function insertSteps(db: Queryable, steps: NewStep[]): Promise<Map<string, number>> {
  if (steps.length === 0) return new Map();
  const { rows } = await db.query<{ id: number; task_id: string; name: string }>(
    `INSERT INTO steps (task_id, name, handler, kind, state, pending_deps, dep_count, max_attempts, retry, timeout_ms,
                        params, labels, priority, visible_at, template_step, fan_out, concurrency_key, concurrency_limit,
                        rate_limit_name, rate_limit_key, rate_units)
     SELECT u.task_id, u.name, u.handler, u.kind, CASE WHEN u.deps = 0 THEN 'ready' ELSE 'pending' END,
            u.deps, u.deps, u.max_attempts, u.retry, u.timeout_ms, u.params, u.labels, u.priority,
            coalesce(u.visible_at, now()), u.template_step, u.fan_out, u.ckey, u.climit, u.rname, u.rkey, u.runits
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::jsonb[], $8::int[],
                 $9::jsonb[], $10::jsonb[], $11::int[], $12::timestamptz[], $13::text[], $14::jsonb[], $15::text[], $16::int[],
                 $17::text[], $18::text[], $19::int[])
          AS u(task_id, name, handler, kind, deps, max_attempts, retry, timeout_ms, params, labels, priority, visible_at,
               template_step, fan_out, ckey, climit, rname, rkey, runits)
     RETURNING id, task_id, name`,
    [
      ...stepColumns(steps),
      steps.map((s) => s.templateStep ?? null),
      steps.map((s) => (s.fanOut ? JSON.stringify(s.fanOut) : null)),
      steps.map((s) => s.concurrencyKey ?? null),
      steps.map((s) => s.concurrencyLimit ?? null),
      ...rateLimitColumns(steps),
    ],
  );
  return new Map(rows.map((r) => [`${r.task_id}/${r.name}`, r.id]));
}

export async function insertEdges(db: Queryable, edges: { taskId: string; from: number; to: number }[]): Promise<void> {
  if (edges.length === 0) return;
  await db.query(
    `INSERT INTO step_edges (task_id, from_step, to_step)
     SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[])`,
    [edges.map((e) => e.taskId), edges.map((e) => e.from), edges.map((e) => e.to)],
  );
}

export async function listSteps(db: Queryable, taskId: string): Promise<StepRow[]> {
  const { rows } = await db.query<StepRow>('SELECT * FROM steps WHERE task_id = $1 ORDER BY id', [taskId]);
  return rows;
}

export async function listEdges(db: Queryable, taskId: string): Promise<{ from_step: number; to_step: number }[]> {
  const { rows } = await db.query<{ from_step: number; to_step: number }>('SELECT from_step, to_step FROM step_edges WHERE task_id = $1', [taskId]);
  return rows;
}

/** Locks a running step if `leaseId` still owns it; null means the lease is stale. */
export async function lockLeasedStep(db: Queryable, stepId: number, leaseId: string, onlyIfExpired = false): Promise<StepRow | null> {
  const { rows } = await db.query<StepRow>(
    `SELECT * FROM steps WHERE id = $1 AND lease_id = $2::uuid AND state = 'running'
       ${onlyIfExpired ? 'AND lease_expires_at < clock_timestamp()' : ''}
     FOR UPDATE`,
    [stepId, leaseId],
  );
  return rows[0] ?? null;
}

export async function findStep(db: Queryable, stepId: number): Promise<StepRow | null> {
  const { rows } = await db.query<StepRow>('SELECT * FROM steps WHERE id = $1', [stepId]);
  return rows[0] ?? null;
}

export async function findStepByName(db: Queryable, taskId: string, name: string): Promise<StepRow | null> {
  const { rows } = await db.query<StepRow>('SELECT * FROM steps WHERE task_id = $1 AND name = $2', [taskId, name]);
  return rows[0] ?? null;
}

/** Fenced completion: only the step's current lease, only while running. */
export async function markStepComplete(db: Queryable, stepId: number, leaseId: string, output: JsonValue): Promise<StepRow | null> {
  const { rows } = await db.query<StepRow>(
    `UPDATE steps SET state = 'complete', output = $3::jsonb, error = NULL, finished_at = clock_timestamp(),
       lease_expires_at = NULL, deadline_at = NULL
     WHERE id = $1 AND lease_id = $2::uuid AND state = 'running'
     RETURNING *`,
    [stepId, leaseId, JSON.stringify(output)],
  );
  return rows[0] ?? null;
}

/** The attempt's run time in ms (claim to now, database clock), for metrics. */
const ATTEMPT_MS = `(extract(epoch FROM clock_timestamp() - started_at) * 1000)::float8 AS duration_ms`;

/** After a failed attempt with attempts left: back to ready, visible after the backoff. Returns the attempt's duration (ms). */
export async function markStepRetrying(db: Queryable, stepId: number, error: StepError, delayMs: number): Promise<number | null> {
  const { rows } = await db.query<{ duration_ms: number | null }>(
    `UPDATE steps SET state = 'ready', error = $2::jsonb, visible_at = clock_timestamp() + $3 * interval '1 millisecond',
       lease_expires_at = NULL, deadline_at = NULL, finished_at = NULL
     WHERE id = $1
     RETURNING ${ATTEMPT_MS}`,
    [stepId, JSON.stringify(error), delayMs],
  );
  return rows[0]?.duration_ms ?? null;
}

/** A step's final failure. Returns the last attempt's duration (ms). */
export async function markStepError(db: Queryable, stepId: number, error: StepError): Promise<number | null> {
  const { rows } = await db.query<{ duration_ms: number | null }>(
    `UPDATE steps SET state = 'error', error = $2::jsonb, finished_at = clock_timestamp(),
       lease_expires_at = NULL, deadline_at = NULL
     WHERE id = $1
     RETURNING ${ATTEMPT_MS}`,
    [stepId, JSON.stringify(error)],
  );
  return rows[0]?.duration_ms ?? null;
}

export interface ReleasedStep {
  id: number;
  name: string;
  state: StepState;
  kind: string;
}

/**
 * Counts a settled upstream step against each dependent, in one statement (so
 * in the same transaction as the completion). A dependent whose count reaches
 * zero becomes ready, unless every one of its dependencies was skipped by a
 * decision: then it is skipped too.
 */
export async function releaseDependents(db: Queryable, stepId: number, upstreamSkipped: boolean): Promise<ReleasedStep[]> {
  const { rows } = await db.query<ReleasedStep>(
    `WITH next AS (
       SELECT s.id, s.pending_deps = 1 AS last, s.skipped_deps + $2::int = s.dep_count AS all_skipped
       FROM steps s JOIN step_edges e ON s.id = e.to_step
       WHERE e.from_step = $1 AND s.state = 'pending'
     )
     UPDATE steps s SET pending_deps = s.pending_deps - 1, skipped_deps = s.skipped_deps + $2::int,
       state = CASE WHEN NOT next.last THEN s.state WHEN next.all_skipped THEN 'skipped' ELSE 'ready' END,
       skip_cause = CASE WHEN next.last AND next.all_skipped THEN 'decision' ELSE s.skip_cause END,
       finished_at = CASE WHEN next.last AND next.all_skipped THEN clock_timestamp() ELSE s.finished_at END,
       visible_at = CASE WHEN next.last THEN greatest(clock_timestamp(), s.visible_at) ELSE s.visible_at END
     FROM next WHERE s.id = next.id
     RETURNING s.id, s.name, s.state, s.kind`,
    [stepId, upstreamSkipped ? 1 : 0],
  );
  return rows;
}

/** Stores a checkpoint for the current lease only. */
export async function saveCheckpoint(db: Queryable, stepId: number, leaseId: string, data: JsonValue): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE steps SET checkpoint = $3::jsonb WHERE id = $1 AND lease_id = $2::uuid AND state = 'running'`, [
    stepId,
    leaseId,
    JSON.stringify(data),
  ]);
  return rowCount === 1;
}

/** A step a failure skipped; a waiting workflow step's child (`wait_key`) is cancelled with it. */
export interface SkippedStep {
  name: string;
  from: StepState;
  kind: string;
  wait_key: string | null;
}

/** Skips every pending or ready step of the task (on_failure: stop). */
export async function skipAllWaiting(db: Queryable, taskId: string): Promise<SkippedStep[]> {
  const { rows } = await db.query<SkippedStep>(
    `WITH target AS (SELECT id, state FROM steps WHERE task_id = $1 AND state IN (${SKIPPABLE_STEPS}) FOR UPDATE)
     UPDATE steps s SET state = 'skipped', skip_cause = 'error', finished_at = clock_timestamp()
     FROM target WHERE s.id = target.id
     RETURNING s.name, target.state AS from, s.kind, s.wait_key`,
    [taskId],
  );
  return rows;
}

/** Skips the waiting steps downstream of a step, transitively (on_failure: continue). */
export async function skipDownstream(db: Queryable, stepId: number): Promise<SkippedStep[]> {
  const { rows } = await db.query<SkippedStep>(
    `WITH RECURSIVE down(id) AS (
       SELECT to_step FROM step_edges WHERE from_step = $1
       UNION
       SELECT e.to_step FROM step_edges e JOIN down d ON e.from_step = d.id
     ), target AS (
       SELECT s.id, s.state FROM steps s JOIN down d ON d.id = s.id WHERE s.state IN (${SKIPPABLE_STEPS}) FOR UPDATE OF s
     )
     UPDATE steps s SET state = 'skipped', skip_cause = 'error', finished_at = clock_timestamp()
     FROM target WHERE s.id = target.id
     RETURNING s.name, target.state AS from, s.kind, s.wait_key`,
    [stepId],
  );
  return rows;
}

/** Cancels every live step of a task, running ones included (their leases become stale). */
export async function cancelLiveSteps(
  db: Queryable,
  taskId: string,
): Promise<{ id: number; name: string; from: StepState; attempts: number; worker_id: string | null; handler: string; kind: string; wait_key: string | null }[]> {
  const { rows } = await db.query<{
    id: number;
    name: string;
    from: StepState;
    attempts: number;
    worker_id: string | null;
    handler: string;
    kind: string;
    wait_key: string | null;
  }>(
    `WITH target AS (SELECT id, state FROM steps WHERE task_id = $1 AND state IN (${CANCELLABLE_STEPS}) FOR UPDATE)
     UPDATE steps s SET state = 'cancelled', finished_at = clock_timestamp(), lease_expires_at = NULL, deadline_at = NULL
     FROM target WHERE s.id = target.id
     RETURNING s.id, s.name, target.state AS from, s.attempts, s.worker_id, s.handler, s.kind, s.wait_key`,
    [taskId],
  );
  return rows;
}

/** Outputs of the named steps of each task (the `results` a handler receives). */
export async function findOutputs(db: Queryable, wanted: { taskId: string; name: string }[]): Promise<Map<string, JsonValue>> {
  if (wanted.length === 0) return new Map();
  // Fan-out instances of one task all want the same upstream output (often the
  // whole item list): read each output once, not once per instance.
  const unique = [...new Map(wanted.map((w) => [`${w.taskId}/${w.name}`, w])).values()];
  // The state is checked here, not in SQL: a filter on `state` would be
  // estimated from statistics taken when few steps were complete, and the
  // planner would then scan every step once per wanted output.
  const { rows } = await db.query<{ task_id: string; name: string; output: JsonValue; state: string }>(
    `SELECT s.task_id, s.name, s.output, s.state FROM steps s
     JOIN unnest($1::uuid[], $2::text[]) AS w(task_id, name) ON s.task_id = w.task_id AND s.name = w.name`,
    [unique.map((w) => w.taskId), unique.map((w) => w.name)],
  );
  return new Map(rows.filter((r) => DONE_STEP_STATES.includes(r.state as StepState)).map((r) => [`${r.task_id}/${r.name}`, r.output]));
}

/** An operator's retry: the step runs again from its first attempt. */
export async function reopenStep(db: Queryable, stepId: number): Promise<void> {
  await db.query(
    // The new run starts clean: no old error, timing, lease or worker on the row (the log keeps the old attempt).
    `UPDATE steps SET state = 'ready', attempts = 0, visible_at = clock_timestamp(), started_at = NULL, finished_at = NULL,
       error = NULL, output = NULL, lease_id = NULL, lease_expires_at = NULL, deadline_at = NULL, worker_id = NULL
     WHERE id = $1`,
    [stepId],
  );
}

/** An operator's resolve: the step counts as done with the given output. */
export async function resolveStepRow(db: Queryable, stepId: number, output: JsonValue): Promise<void> {
  await db.query(
    `UPDATE steps SET state = 'resolved', output = $2::jsonb, finished_at = clock_timestamp(),
       lease_expires_at = NULL, deadline_at = NULL
     WHERE id = $1`,
    [stepId, JSON.stringify(output)],
  );
}

/** Puts a step skipped because of an error back in line, with its dependency counts recomputed. */
export async function unskipStep(db: Queryable, stepId: number, pendingDeps: number, skippedDeps: number): Promise<void> {
  await db.query(
    `UPDATE steps SET state = CASE WHEN $2 = 0 THEN 'ready' ELSE 'pending' END, pending_deps = $2, skipped_deps = $3,
       skip_cause = NULL, finished_at = NULL, visible_at = clock_timestamp()
     WHERE id = $1`,
    [stepId, pendingDeps, skippedDeps],
  );
}
