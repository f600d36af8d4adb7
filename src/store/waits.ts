/**
 * The SQL of the steps no worker runs (sleep, wait), of signals and of
 * external events (DESIGN §8). Every statement that changes a step is guarded
 * by the state it expects, so any number of processes may race on one.
 */
import type { JsonValue } from '../domain/types.js';
import type { Queryable } from './db.js';
import type { StepRow, TaskRow } from './rows.js';
import { TERMINAL_TASKS } from './state-sql.js';

/** A step to act on, and the task whose lock comes first. */
export interface StepRef {
  id: number;
  task_id: string;
}

/** Worker-less steps (stored with an empty handler) that are ready and visible: they are to start waiting. */
export async function findWorkerlessReady(db: Queryable, limit: number): Promise<StepRef[]> {
  const { rows } = await db.query<StepRef>(
    `SELECT id, task_id FROM steps WHERE state = 'ready' AND handler = '' AND visible_at <= clock_timestamp() ORDER BY visible_at LIMIT $1`,
    [limit],
  );
  return rows;
}

/** Waiting steps whose timer is due (a sleep's end, a wait's timeout), on the database clock. */
export async function findDueTimers(db: Queryable, limit: number): Promise<StepRef[]> {
  const { rows } = await db.query<StepRef>(
    `SELECT id, task_id FROM steps WHERE state = 'waiting' AND wake_at IS NOT NULL AND wake_at <= clock_timestamp() ORDER BY wake_at LIMIT $1`,
    [limit],
  );
  return rows;
}

/**
 * Locks a task unless another transaction holds it (SKIP LOCKED); null then, or when it does not exist.
 * For the timer loops: every process reads the same due rows in the same order, and queueing on each
 * other's task locks made three processes start 2,000 sleeps 2.7x slower than one; skipping splits the work
 * (a skipped step is still due, and the next pass takes it).
 */
export async function lockTaskUnlessBusy(db: Queryable, id: string): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>('SELECT * FROM tasks WHERE id = $1 FOR UPDATE SKIP LOCKED', [id]);
  return rows[0] ?? null;
}

/** Locks a step if it is in `state` (and, for a timer, only once due); null otherwise. */
export async function lockStepIn(db: Queryable, stepId: number, state: 'ready' | 'waiting', onlyIfDue = false): Promise<StepRow | null> {
  const { rows } = await db.query<StepRow>(
    `SELECT * FROM steps WHERE id = $1 AND state = $2 ${onlyIfDue ? 'AND wake_at <= clock_timestamp()' : ''} ${state === 'ready' ? "AND handler = ''" : ''}
     FOR UPDATE`,
    [stepId, state],
  );
  return rows[0] ?? null;
}

export interface WaitStart {
  /** An absolute wake time, or a span from now on the database clock, or neither (wait forever). */
  wakeAt?: Date;
  wakeInMs?: number;
  waitFor: string | null;
  waitKey: string | null;
}

/** ready -> waiting. Returns the wake time as the database set it, and whether it is due already. */
export async function markStepWaiting(db: Queryable, stepId: number, w: WaitStart): Promise<{ wake_at: Date | null; due: boolean }> {
  const { rows } = await db.query<{ wake_at: Date | null; due: boolean }>(
    `UPDATE steps SET state = 'waiting', attempts = attempts + 1, started_at = clock_timestamp(), finished_at = NULL,
       wake_at = coalesce($2::timestamptz, clock_timestamp() + $3::float8 * interval '1 millisecond'), wait_for = $4, wait_key = $5
     WHERE id = $1 AND state = 'ready'
     RETURNING wake_at, coalesce(wake_at <= clock_timestamp(), false) AS due`,
    [stepId, w.wakeAt ?? null, w.wakeInMs ?? null, w.waitFor, w.waitKey],
  );
  return rows[0];
}

/** waiting -> complete, with the output the wait ended with. */
export async function completeWaitingStep(db: Queryable, stepId: number, output: JsonValue): Promise<StepRow | null> {
  const { rows } = await db.query<StepRow>(
    `UPDATE steps SET state = 'complete', output = $2::jsonb, error = NULL, finished_at = clock_timestamp()
     WHERE id = $1 AND state = 'waiting' RETURNING *`,
    [stepId, JSON.stringify(output)],
  );
  return rows[0] ?? null;
}

/** waiting -> skipped: a wait timed out with `on_timeout: skip`; it releases dependents like a decision's skip. */
export async function skipWaitingStep(db: Queryable, stepId: number): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE steps SET state = 'skipped', skip_cause = 'timeout', finished_at = clock_timestamp() WHERE id = $1 AND state = 'waiting'`, [stepId]);
  return rowCount === 1;
}

/** The step of a task that waits for signal `name` (a template names each signal once), locked. */
export async function lockSignalStep(db: Queryable, taskId: string, name: string): Promise<StepRow | null> {
  const { rows } = await db.query<StepRow>(`SELECT * FROM steps WHERE task_id = $1 AND kind = 'wait' AND params->>'signal' = $2 FOR UPDATE`, [taskId, name]);
  return rows[0] ?? null;
}

export interface SignalRow {
  task_id: string;
  name: string;
  payload: JsonValue;
  idempotency_key: string | null;
  step_name: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

/** Records a task's signal unless one of that name exists; returns the row that holds the name and whether it is this one. */
export async function insertSignal(
  db: Queryable,
  s: { taskId: string; name: string; payload: JsonValue; idempotencyKey: string | null; actor: string | null },
): Promise<{ row: SignalRow; inserted: boolean }> {
  const { rows } = await db.query<SignalRow>(
    `INSERT INTO signals (task_id, name, payload, idempotency_key, actor) VALUES ($1, $2, $3::jsonb, $4, $5)
     ON CONFLICT (task_id, name) DO NOTHING RETURNING *`,
    [s.taskId, s.name, JSON.stringify(s.payload), s.idempotencyKey, s.actor],
  );
  if (rows[0]) return { row: rows[0], inserted: true };
  return { row: (await findSignal(db, s.taskId, s.name))!, inserted: false };
}

/** The signal of `name` a task received, if any. */
export async function findSignal(db: Queryable, taskId: string, name: string): Promise<SignalRow | null> {
  const { rows } = await db.query<SignalRow>('SELECT * FROM signals WHERE task_id = $1 AND name = $2', [taskId, name]);
  return rows[0] ?? null;
}

/** Marks a task's signal delivered to `step`; returns its payload if it was still undelivered. */
export async function takeSignal(db: Queryable, taskId: string, name: string, step: string): Promise<{ payload: JsonValue } | null> {
  const { rows } = await db.query<{ payload: JsonValue }>(
    `UPDATE signals SET delivered_at = clock_timestamp(), step_name = $3 WHERE task_id = $1 AND name = $2 AND delivered_at IS NULL RETURNING payload`,
    [taskId, name, step],
  );
  return rows[0] ?? null;
}

export interface NewEvent {
  name: string;
  key: string;
  payload: JsonValue;
  idempotencyKey: string | null;
  keepSeconds: number;
}

/** Stores an external event; an idempotency key seen before stores nothing and returns the first event's id and deliveries. */
export async function insertEvent(db: Queryable, e: NewEvent): Promise<{ id: number; duplicate: boolean; delivered: number }> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO external_events (name, key, payload, idempotency_key, expires_at)
     VALUES ($1, $2, $3::jsonb, $4, clock_timestamp() + $5::float8 * interval '1 second')
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [e.name, e.key, JSON.stringify(e.payload), e.idempotencyKey, e.keepSeconds],
  );
  if (rows[0]) return { id: Number(rows[0].id), duplicate: false, delivered: 0 };
  const first = await db.query<{ id: number; delivered: number }>('SELECT id, delivered FROM external_events WHERE idempotency_key = $1', [e.idempotencyKey]);
  return { id: Number(first.rows[0].id), duplicate: true, delivered: first.rows[0].delivered };
}

/** Steps waiting for event `name` with key `key`. */
export async function findEventWaiters(db: Queryable, name: string, key: string): Promise<StepRef[]> {
  const { rows } = await db.query<StepRef>(`SELECT id, task_id FROM steps WHERE state = 'waiting' AND wait_for = $1 AND wait_key = $2 ORDER BY id`, [`event:${name}`, key]);
  return rows;
}

/** Counts one delivery of an event. */
export async function countEventDelivery(db: Queryable, eventId: number): Promise<void> {
  await db.query('UPDATE external_events SET delivered = delivered + 1 WHERE id = $1', [eventId]);
}

/** Takes the oldest kept event of this name and key that reached no step, if any (SKIP LOCKED: a racing waiter takes the next one). */
export async function takeKeptEvent(db: Queryable, name: string, key: string): Promise<{ payload: JsonValue } | null> {
  const { rows } = await db.query<{ payload: JsonValue }>(
    `UPDATE external_events SET delivered = delivered + 1
     WHERE id = (SELECT id FROM external_events WHERE name = $1 AND key = $2 AND delivered = 0 AND expires_at > clock_timestamp()
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING payload`,
    [name, key],
  );
  return rows[0] ?? null;
}

/** Deletes events past their keep time; returns how many. */
export async function deleteExpiredEvents(db: Queryable, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM external_events WHERE id IN (SELECT id FROM external_events WHERE expires_at <= clock_timestamp() ORDER BY expires_at LIMIT $1)`,
    [limit],
  );
  return rowCount ?? 0;
}

/**
 * A waiting workflow step whose child failed, back to ready after `delayMs`
 * (a new child starts then); or, with null, a wake that found the child still
 * running: the step waits on, its timer cleared.
 */
export async function retryWaitingStep(db: Queryable, stepId: number, retry: { error: JsonValue; delayMs: number } | null): Promise<void> {
  if (retry === null) {
    await db.query(`UPDATE steps SET wake_at = NULL WHERE id = $1 AND state = 'waiting'`, [stepId]);
    return;
  }
  await db.query(
    `UPDATE steps SET state = 'ready', error = $2::jsonb, visible_at = clock_timestamp() + $3 * interval '1 millisecond', wake_at = NULL, finished_at = NULL
     WHERE id = $1 AND state = 'waiting'`,
    [stepId, JSON.stringify(retry.error), retry.delayMs],
  );
}

/**
 * Wakes the parent steps of child tasks that just finished: their timer is
 * set to now, so the timer loop settles them. SKIP LOCKED, because this runs
 * under the child's lock and a parent being cancelled holds its step while it
 * waits for the child's: that step is ending anyway, and one woken too late is
 * found by `findSettledChildWaits`.
 */
export async function wakeParents(db: Queryable, childIds: string[]): Promise<void> {
  await db.query(
    `WITH targets AS (
       SELECT s.id FROM tasks c JOIN steps s ON s.task_id = c.parent_task_id AND s.wait_key = c.id::text
       WHERE c.id = ANY($1::uuid[]) AND s.state = 'waiting'
       FOR UPDATE OF s SKIP LOCKED
     )
     UPDATE steps SET wake_at = clock_timestamp() FROM targets WHERE steps.id = targets.id`,
    [childIds],
  );
}

/** Waiting workflow steps whose child has finished but which no wake reached (the rare skipped lock above). */
export async function findSettledChildWaits(db: Queryable, limit: number): Promise<StepRef[]> {
  const { rows } = await db.query<StepRef>(
    // Each child through the primary key: comparing c.id::text would read every task. CASE keeps the
    // uuid cast to workflow steps (an event wait's key is any text).
    `SELECT s.id, s.task_id FROM steps s
     CROSS JOIN LATERAL (SELECT status FROM tasks WHERE id = CASE WHEN s.kind = 'workflow' THEN s.wait_key::uuid END) c
     WHERE s.state = 'waiting' AND s.kind = 'workflow' AND s.wake_at IS NULL AND c.status IN (${TERMINAL_TASKS})
     LIMIT $1`,
    [limit],
  );
  return rows;
}

/** Sets the timers of these steps to now (the sweep's repair of a missed child wake). */
export async function wakeNow(db: Queryable, stepIds: number[]): Promise<void> {
  await db.query(`UPDATE steps SET wake_at = clock_timestamp() WHERE id = ANY($1::bigint[]) AND state = 'waiting'`, [stepIds]);
}
