import type { Queryable } from './db.js';
import type { WorkerRow } from './rows.js';

/** What registering a worker stores; the rest of the row has defaults. */
export type NewWorker = Pick<WorkerRow, 'id' | 'name' | 'transport' | 'handlers' | 'labels' | 'capacity'>;

export async function insertWorker(db: Queryable, w: NewWorker): Promise<WorkerRow> {
  const { rows } = await db.query<WorkerRow>(
    `INSERT INTO workers (id, name, transport, handlers, labels, capacity)
     VALUES ($1, $2, $3, $4::text[], $5::jsonb, $6) RETURNING *`,
    [w.id, w.name, w.transport, w.handlers, JSON.stringify(w.labels), w.capacity],
  );
  return rows[0];
}

/** Registers a worker again under its id after its row was deleted (a sweep removed it during an outage); a row still there (a stopped worker) is left as it is. */
export async function reinsertWorker(db: Queryable, w: NewWorker): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO workers (id, name, transport, handlers, labels, capacity)
     VALUES ($1, $2, $3, $4::text[], $5::jsonb, $6) ON CONFLICT (id) DO NOTHING`,
    [w.id, w.name, w.transport, w.handlers, JSON.stringify(w.labels), w.capacity],
  );
  return rowCount === 1;
}

export async function findWorker(db: Queryable, id: string): Promise<WorkerRow | null> {
  const { rows } = await db.query<WorkerRow>('SELECT * FROM workers WHERE id = $1', [id]);
  return rows[0] ?? null;
}

/** Records a heartbeat; a lost worker that speaks again is active again. Returns null for an unknown or stopped worker. */
export async function touchWorker(db: Queryable, id: string, lastError?: string | null): Promise<WorkerRow | null> {
  const { rows } = await db.query<WorkerRow>(
    `UPDATE workers SET last_heartbeat_at = clock_timestamp(),
       state = CASE WHEN state = 'lost' THEN 'active' ELSE state END,
       last_error = CASE WHEN $2::boolean THEN $3 ELSE last_error END
     WHERE id = $1 AND state <> 'stopped' RETURNING *`,
    [id, lastError !== undefined, lastError ?? null],
  );
  return rows[0] ?? null;
}

/**
 * Like `touchWorker` (without an error to record), but writes only when the
 * last heartbeat is older than `minIntervalMs` or the worker is lost: every
 * claim proves the worker alive, and a write per claim would cost a commit
 * (a WAL flush) per claim for no information.
 */
export async function touchWorkerAtMostEvery(db: Queryable, id: string, minIntervalMs: number): Promise<WorkerRow | null> {
  const { rows } = await db.query<WorkerRow>(
    `WITH touched AS (
       UPDATE workers SET last_heartbeat_at = clock_timestamp(), state = CASE WHEN state = 'lost' THEN 'active' ELSE state END
       WHERE id = $1 AND state <> 'stopped'
         AND (state = 'lost' OR last_heartbeat_at < clock_timestamp() - $2 * interval '1 millisecond')
       RETURNING *
     )
     SELECT * FROM touched
     UNION ALL
     SELECT * FROM workers WHERE id = $1 AND state <> 'stopped' AND NOT EXISTS (SELECT 1 FROM touched)`,
    [id, minIntervalMs],
  );
  return rows[0] ?? null;
}

export async function setWorkerState(db: Queryable, id: string, state: WorkerRow['state']): Promise<WorkerRow | null> {
  const { rows } = await db.query<WorkerRow>('UPDATE workers SET state = $2 WHERE id = $1 RETURNING *', [id, state]);
  return rows[0] ?? null;
}

export interface WorkerWithLoad extends WorkerRow {
  in_flight: number;
}

/** Workers with their in-flight count; stopped ones only when asked. */
export async function listWorkers(db: Queryable, includeStopped: boolean): Promise<WorkerWithLoad[]> {
  const { rows } = await db.query<WorkerWithLoad>(
    `SELECT w.*, (SELECT count(*)::int FROM steps s WHERE s.state = 'running' AND s.worker_id = w.id) AS in_flight
     FROM workers w WHERE $1::boolean OR w.state <> 'stopped' ORDER BY w.created_at`,
    [includeStopped],
  );
  return rows;
}

/** Workers silent for longer than `silenceMs` are lost; their leases expire on their own. */
export async function markLostWorkers(db: Queryable, silenceMs: number): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE workers SET state = 'lost'
     WHERE state IN ('active', 'draining') AND last_heartbeat_at < clock_timestamp() - $1 * interval '1 millisecond'`,
    [silenceMs],
  );
  return rowCount;
}

/** Forgets stopped and long-lost workers so the table does not grow with restarts. */
export async function deleteStaleWorkers(db: Queryable, olderThanMs: number): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM workers WHERE state IN ('stopped', 'lost') AND last_heartbeat_at < clock_timestamp() - $1 * interval '1 millisecond'`, [
    olderThanMs,
  ]);
  return rowCount;
}

/** Live (active or draining) workers' handlers and labels: the input of placement checks. */
export async function liveWorkerCapabilities(db: Queryable): Promise<{ handlers: string[]; labels: Record<string, string>; state: string }[]> {
  const { rows } = await db.query<{ handlers: string[]; labels: Record<string, string>; state: string }>(
    "SELECT handlers, labels, state FROM workers WHERE state IN ('active', 'draining')",
  );
  return rows;
}

/** Leases held by one worker (for heartbeats and for giving them all back). */
export async function leasesOfWorker(db: Queryable, workerId: string): Promise<{ id: number; lease_id: string }[]> {
  const { rows } = await db.query<{ id: number; lease_id: string }>("SELECT id, lease_id FROM steps WHERE worker_id = $1 AND state = 'running'", [workerId]);
  return rows;
}

/**
 * Extends the leases a worker holds; returns the step ids extended. With
 * `stepIds`, only those: a lease the worker no longer knows of (a claim answer
 * lost on the wire) then expires and its step is retried, instead of being
 * kept alive forever by a worker that will never run it.
 */
export async function extendWorkerLeases(db: Queryable, workerId: string, leaseMs: number, stepIds?: number[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE steps SET lease_expires_at = clock_timestamp() + $2 * interval '1 millisecond'
     WHERE worker_id = $1 AND state = 'running' AND ($3::bigint[] IS NULL OR id = ANY($3::bigint[])) RETURNING id`,
    [workerId, leaseMs, stepIds ?? null],
  );
  return rows.map((r) => r.id);
}

/** Stops handing a worker new work; a stopped (removed) worker stays stopped. */
export async function drainWorker(db: Queryable, id: string): Promise<WorkerRow | null> {
  const { rows } = await db.query<WorkerRow>("UPDATE workers SET state = 'draining' WHERE id = $1 AND state <> 'stopped' RETURNING *", [id]);
  return rows[0] ?? null;
}

/** Of the given executions, those this worker no longer holds (cancelled, timed out, re-claimed). */
export async function executionsNotHeld(db: Queryable, workerId: string, stepIds: number[]): Promise<number[]> {
  if (stepIds.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `SELECT u.id FROM unnest($2::bigint[]) AS u(id)
     WHERE NOT EXISTS (SELECT 1 FROM steps s WHERE s.id = u.id AND s.state = 'running' AND s.worker_id = $1)`,
    [workerId, stepIds],
  );
  return rows.map((r) => r.id);
}

/** Of these steps, those cancelled (so a worker can tell a cancel from a lost lease). */
export async function findCancelledSteps(db: Queryable, stepIds: number[]): Promise<number[]> {
  if (stepIds.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM steps WHERE id = ANY($1::bigint[]) AND state = 'cancelled'`, [stepIds]);
  return rows.map((r) => r.id);
}

/** Steps of this worker cancelled recently (a heartbeat without an execution list learns of them this way). */
export async function recentlyCancelledOf(db: Queryable, workerId: string, withinMs: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM steps WHERE worker_id = $1 AND state = 'cancelled'
       AND finished_at > clock_timestamp() - $2 * interval '1 millisecond'`,
    [workerId, withinMs],
  );
  return rows.map((r) => r.id);
}
