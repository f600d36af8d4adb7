import type { JsonObject, JsonValue, StepError, StepState } from '../domain/types.js';
import type { Queryable } from './db.js';
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
}

/** Inserts many steps in one statement; returns their ids by `${taskId}/${name}`. */
export async function insertSteps(db: Queryable, steps: NewStep[]): Promise<Map<string, number>> {
  if (steps.length === 0) return new Map();
  const { rows } = await db.query<{ id: number; task_id: string; name: string }>(
    `INSERT INTO steps (task_id, name, handler, kind, state, pending_deps, max_attempts, retry, timeout_ms,
                        params, labels, priority, visible_at)
     SELECT u.task_id, u.name, u.handler, u.kind, CASE WHEN u.deps = 0 THEN 'ready' ELSE 'pending' END,
            u.deps, u.max_attempts, u.retry, u.timeout_ms, u.params, u.labels, u.priority, coalesce(u.visible_at, now())
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::jsonb[], $8::int[],
                 $9::jsonb[], $10::jsonb[], $11::int[], $12::timestamptz[])
          AS u(task_id, name, handler, kind, deps, max_attempts, retry, timeout_ms, params, labels, priority, visible_at)
     RETURNING id, task_id, name`,
    [
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
  const { rows } = await db.query<{ from_step: number; to_step: number }>(
    'SELECT from_step, to_step FROM step_edges WHERE task_id = $1',
    [taskId],
  );
  return rows;
}

/** Locks a running step if `leaseId` still owns it; null means the lease is stale. */
export async function lockLeasedStep(
  db: Queryable,
  stepId: number,
  leaseId: string,
  onlyIfExpired = false,
): Promise<StepRow | null> {
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

/** After a failed attempt with attempts left: back to ready, visible after the backoff. */
export async function markStepRetrying(db: Queryable, stepId: number, error: StepError, delayMs: number): Promise<void> {
  await db.query(
    `UPDATE steps SET state = 'ready', error = $2::jsonb, visible_at = clock_timestamp() + $3 * interval '1 millisecond',
       lease_expires_at = NULL, deadline_at = NULL, finished_at = NULL
     WHERE id = $1`,
    [stepId, JSON.stringify(error), delayMs],
  );
}

export async function markStepError(db: Queryable, stepId: number, error: StepError): Promise<void> {
  await db.query(
    `UPDATE steps SET state = 'error', error = $2::jsonb, finished_at = clock_timestamp(),
       lease_expires_at = NULL, deadline_at = NULL
     WHERE id = $1`,
    [stepId, JSON.stringify(error)],
  );
}

/**
 * Counts a completed upstream step against each dependent; those whose count
 * reaches zero become ready in the same statement (and so the same transaction).
 */
export async function releaseDependents(db: Queryable, stepId: number): Promise<{ id: number; name: string; state: StepState }[]> {
  const { rows } = await db.query<{ id: number; name: string; state: StepState }>(
    `UPDATE steps s SET pending_deps = s.pending_deps - 1,
       state = CASE WHEN s.pending_deps = 1 THEN 'ready' ELSE s.state END,
       visible_at = CASE WHEN s.pending_deps = 1 THEN greatest(clock_timestamp(), s.visible_at) ELSE s.visible_at END
     FROM step_edges e
     WHERE e.from_step = $1 AND s.id = e.to_step AND s.state = 'pending'
     RETURNING s.id, s.name, s.state`,
    [stepId],
  );
  return rows;
}

/** Skips every pending or ready step of the task (on_failure: stop). */
export async function skipAllWaiting(db: Queryable, taskId: string): Promise<{ name: string; from: StepState }[]> {
  const { rows } = await db.query<{ name: string; from: StepState }>(
    `WITH target AS (SELECT id, state FROM steps WHERE task_id = $1 AND state IN ('pending', 'ready') FOR UPDATE)
     UPDATE steps s SET state = 'skipped', finished_at = clock_timestamp()
     FROM target WHERE s.id = target.id
     RETURNING s.name, target.state AS from`,
    [taskId],
  );
  return rows;
}

/** Skips the waiting steps downstream of a step, transitively (on_failure: continue). */
export async function skipDownstream(db: Queryable, stepId: number): Promise<{ name: string; from: StepState }[]> {
  const { rows } = await db.query<{ name: string; from: StepState }>(
    `WITH RECURSIVE down(id) AS (
       SELECT to_step FROM step_edges WHERE from_step = $1
       UNION
       SELECT e.to_step FROM step_edges e JOIN down d ON e.from_step = d.id
     ), target AS (
       SELECT s.id, s.state FROM steps s JOIN down d ON d.id = s.id WHERE s.state IN ('pending', 'ready') FOR UPDATE OF s
     )
     UPDATE steps s SET state = 'skipped', finished_at = clock_timestamp()
     FROM target WHERE s.id = target.id
     RETURNING s.name, target.state AS from`,
    [stepId],
  );
  return rows;
}

/** Cancels every live step of a task, running ones included (their leases become stale). */
export async function cancelLiveSteps(
  db: Queryable,
  taskId: string,
): Promise<{ id: number; name: string; from: StepState; attempts: number; worker_id: string | null }[]> {
  const { rows } = await db.query<{ id: number; name: string; from: StepState; attempts: number; worker_id: string | null }>(
    `WITH target AS (SELECT id, state FROM steps WHERE task_id = $1 AND state IN ('pending', 'ready', 'running') FOR UPDATE)
     UPDATE steps s SET state = 'cancelled', finished_at = clock_timestamp(), lease_expires_at = NULL, deadline_at = NULL
     FROM target WHERE s.id = target.id
     RETURNING s.id, s.name, target.state AS from, s.attempts, s.worker_id`,
    [taskId],
  );
  return rows;
}

/** Outputs of the named steps of each task (the `results` a handler receives). */
export async function findOutputs(
  db: Queryable,
  wanted: { taskId: string; name: string }[],
): Promise<Map<string, JsonValue>> {
  if (wanted.length === 0) return new Map();
  const { rows } = await db.query<{ task_id: string; name: string; output: JsonValue }>(
    `SELECT s.task_id, s.name, s.output FROM steps s
     JOIN unnest($1::uuid[], $2::text[]) AS w(task_id, name) ON s.task_id = w.task_id AND s.name = w.name
     WHERE s.state IN ('complete', 'resolved')`,
    [wanted.map((w) => w.taskId), wanted.map((w) => w.name)],
  );
  return new Map(rows.map((r) => [`${r.task_id}/${r.name}`, r.output]));
}
