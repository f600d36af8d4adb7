import type { JsonObject, StepError, TaskStatus } from '../domain/types.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import type { Queryable } from './db.js';
import { LIVE_STEPS, LIVE_TASKS } from './state-sql.js';
import type { TaskRow } from './rows.js';

export interface NewTask {
  id: string;
  templateId: number;
  namespace: string;
  name: string;
  version: string;
  context: JsonObject;
  priority: number;
  tags: string[];
  idempotencyKey: string | null;
  /** null: the task's own id. */
  correlationId: string | null;
  onFailure: 'stop' | 'continue';
  stepCount: number;
  runAt: Date | null;
  timeoutSeconds: number | null;
  /** A child workflow's parent task and step, and its depth (0 for a task nobody started). */
  parentTaskId?: string | null;
  parentStep?: string | null;
  depth?: number;
  /** The W3C trace context the task's steps join (the submission's span, or the traceparent it received). */
  traceparent?: string | null;
}

/** The stored task that holds a submission's idempotency key, compared with that submission. */
export interface IdempotentMatch {
  id: string;
  status: TaskStatus;
  namespace: string;
  name: string;
  version: string;
  correlationId: string;
  /** The stored context equals the submission's, as jsonb (key order and number spelling do not count). */
  sameContext: boolean;
}

/**
 * For each probe, the task holding its idempotency key (null if none), and
 * whether that task's context equals the probe's: compared in SQL, so it is
 * the stored jsonb that is compared, not a JavaScript rendering of it.
 */
export async function matchIdempotencyKeys(db: Queryable, probes: { key: string; context: JsonObject }[]): Promise<(IdempotentMatch | null)[]> {
  if (probes.length === 0) return [];
  const { rows } = await db.query<{ n: number; id: string; status: TaskStatus; namespace: string; name: string; version: string; correlation_id: string; same_context: boolean }>(
    `SELECT p.n::int AS n, t.id, t.status, t.namespace, t.name, t.version, coalesce(t.correlation_id, t.id::text) AS correlation_id, t.context = p.context AS same_context
     FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS p(key, context, n)
     JOIN tasks t ON t.idempotency_key = p.key`,
    [probes.map((p) => p.key), probes.map((p) => JSON.stringify(p.context))],
  );
  const matches: (IdempotentMatch | null)[] = probes.map(() => null);
  for (const r of rows) {
    matches[r.n - 1] = { id: r.id, status: r.status, namespace: r.namespace, name: r.name, version: r.version, correlationId: r.correlation_id, sameContext: r.same_context };
  }
  return matches;
}

export async function findTask(db: Queryable, id: string): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>('SELECT * FROM tasks WHERE id = $1', [id]);
  return rows[0] ?? null;
}

/**
 * Locks a task row. Every transaction that moves a step into a terminal state
 * takes this lock first, then step locks: one lock order, no deadlocks, and
 * the task's counters are exact.
 */
export async function lockTask(db: Queryable, id: string): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>('SELECT * FROM tasks WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ?? null;
}

/** Locks the task that owns a step (the step itself is not locked). */
export async function lockTaskOfStep(db: Queryable, stepId: number): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>('SELECT t.* FROM tasks t WHERE t.id = (SELECT task_id FROM steps WHERE id = $1) FOR UPDATE', [stepId]);
  return rows[0] ?? null;
}

/** Applies the effect of steps reaching terminal states; promotes a pending task to running. */
export async function settleTaskSteps(db: Queryable, id: string, settled: number, errored: number): Promise<{ remaining_steps: number; error_steps: number; status: TaskStatus }> {
  const { rows } = await db.query<{ remaining_steps: number; error_steps: number; status: TaskStatus }>(
    `UPDATE tasks SET remaining_steps = remaining_steps - $2, error_steps = error_steps + $3
     WHERE id = $1 RETURNING remaining_steps, error_steps, status`,
    [id, settled, errored],
  );
  return rows[0];
}

/** Moves a live task to `to`; returns false when it was no longer live (exactly-once finalization). */
export async function setTaskStatus(db: Queryable, id: string, from: TaskStatus[], to: TaskStatus, error: StepError | null = null): Promise<boolean> {
  const terminal = !LIVE_TASK_STATUSES.includes(to);
  const { rowCount } = await db.query(
    `UPDATE tasks SET status = $3,
       started_at = CASE WHEN $3 = 'running' THEN coalesce(started_at, clock_timestamp()) ELSE started_at END,
       finished_at = CASE WHEN $4 THEN clock_timestamp() ELSE NULL END,
       error = coalesce($5::jsonb, CASE WHEN $4 THEN error ELSE NULL END),
       remaining_steps = CASE WHEN $4 THEN 0 ELSE remaining_steps END
     WHERE id = $1 AND status = ANY($2::text[])`,
    [id, from, to, terminal, error === null ? null : JSON.stringify(error)],
  );
  return rowCount === 1;
}

/**
 * Sets a running task to `waiting_for_retry` when no step of it is running or
 * visible in `ready` but one waits out a backoff, and back to `running`
 * otherwise. Returns the new status, or null when it did not change.
 */
export async function refreshBackoffStatus(db: Queryable, id: string): Promise<'running' | 'waiting_for_retry' | null> {
  const { rows } = await db.query<{ status: 'running' | 'waiting_for_retry' }>(
    `WITH live AS (
       SELECT CASE WHEN NOT coalesce(bool_or(state IN ('running', 'waiting') OR (state = 'ready' AND visible_at <= clock_timestamp())), false)
                    AND coalesce(bool_or(state = 'ready' AND visible_at > clock_timestamp() AND attempts > 0), false)
                   THEN 'waiting_for_retry' ELSE 'running' END AS status
       FROM steps WHERE task_id = $1 AND state IN ('ready', 'running', 'waiting')
     )
     UPDATE tasks t SET status = live.status
     FROM live
     WHERE t.id = $1 AND t.status IN ('running', 'waiting_for_retry') AND t.status <> live.status
     RETURNING t.status`,
    [id],
  );
  return rows[0]?.status ?? null;
}

/** Live tasks whose whole-task deadline has passed (judged on the database clock). */
export async function findOverdueTasks(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM tasks WHERE status IN (${LIVE_TASKS}) AND deadline_at IS NOT NULL
       AND deadline_at < clock_timestamp() ORDER BY deadline_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

/** Live tasks with no live step left: a finalization that was missed (the reconciler's input). */
export async function findUnfinalizedTasks(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM tasks WHERE status IN (${LIVE_TASKS}) AND remaining_steps = 0 LIMIT $1`, [limit]);
  return rows.map((r) => r.id);
}

/** The exact number of a task's steps that are not terminal (the reconciler's check of the counter). */
export async function countLiveSteps(db: Queryable, id: string): Promise<{ live: number; errors: number }> {
  const { rows } = await db.query<{ live: number; errors: number }>(
    `SELECT count(*) FILTER (WHERE state IN (${LIVE_STEPS}))::int AS live,
            count(*) FILTER (WHERE state = 'error')::int AS errors
     FROM steps WHERE task_id = $1`,
    [id],
  );
  return rows[0];
}

export interface TaskFilter {
  status?: TaskStatus;
  namespace?: string;
  name?: string;
  tag?: string;
  /** Only the children of this task (child workflows). */
  parent?: string;
  /** Ids in this inclusive range (a search by id prefix: `taskIdPrefixRange`), read through the primary key. */
  idRange?: { from: string; to: string };
  limit: number;
  /** Keyset cursor: tasks created strictly before this (created_at as exact text, id). */
  before?: { createdAt: string; id: string };
}

/** A listed task with its created_at as exact text: a JS Date keeps milliseconds, PostgreSQL microseconds. */
export type ListedTaskRow = TaskRow & { created_exact: string };

export async function listTasks(db: Queryable, filter: TaskFilter): Promise<ListedTaskRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.status) add('status = ?', filter.status);
  if (filter.namespace) add('namespace = ?', filter.namespace);
  if (filter.name) add('name = ?', filter.name);
  // `tags <> '{}'` (implied by the containment) lets the planner use the partial tags index, which leaves untagged tasks out.
  if (filter.tag) add("tags @> ARRAY[?]::text[] AND tags <> '{}'", filter.tag);
  if (filter.parent) add('parent_task_id = ?::uuid', filter.parent);
  if (filter.idRange) {
    add('id >= ?::uuid', filter.idRange.from);
    add('id <= ?::uuid', filter.idRange.to);
  }
  if (filter.before) {
    params.push(filter.before.createdAt, filter.before.id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(filter.limit);
  const { rows } = await db.query<ListedTaskRow>(
    `SELECT *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_exact
     FROM tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/**
 * Settles completed steps on many locked tasks in one statement: counts them
 * off, promotes a task still `pending` to `running`, and finalizes (exactly
 * once: only a live task changes) every task left with no step to run.
 * Returns each task's status after the statement.
 */
export async function settleManyTasks(db: Queryable, settled: Map<string, number>): Promise<{ id: string; status: TaskStatus }[]> {
  if (settled.size === 0) return [];
  const { rows } = await db.query<{ id: string; status: TaskStatus }>(
    `UPDATE tasks t SET remaining_steps = greatest(t.remaining_steps - u.n, 0),
       status = CASE WHEN t.status NOT IN (${LIVE_TASKS}) THEN t.status
                     WHEN t.remaining_steps - u.n <= 0 THEN CASE WHEN t.error_steps > 0 THEN 'error' ELSE 'complete' END
                     ELSE 'running' END,
       started_at = CASE WHEN t.status = 'pending' THEN coalesce(t.started_at, clock_timestamp()) ELSE t.started_at END,
       finished_at = CASE WHEN t.status IN (${LIVE_TASKS}) AND t.remaining_steps - u.n <= 0 THEN clock_timestamp() ELSE t.finished_at END
     FROM unnest($1::uuid[], $2::int[]) AS u(id, n)
     WHERE t.id = ANY($1::uuid[]) AND t.id = u.id
     RETURNING t.id, t.status`,
    [[...settled.keys()], [...settled.values()]],
  );
  return rows;
}

/** The child tasks a task started (child workflows), oldest first. */
export async function listChildren(db: Queryable, parentId: string): Promise<Pick<TaskRow, 'id' | 'namespace' | 'name' | 'version' | 'status' | 'parent_step' | 'created_at'>[]> {
  const { rows } = await db.query<Pick<TaskRow, 'id' | 'namespace' | 'name' | 'version' | 'status' | 'parent_step' | 'created_at'>>(
    `SELECT id, namespace, name, version, status, parent_step, created_at FROM tasks WHERE parent_task_id = $1 ORDER BY created_at, id`,
    [parentId],
  );
  return rows;
}
