/** Retention: deleting finished tasks, with their steps and edges (a trigger on tasks, migration 0015) and their transitions. */
import { TERMINAL_TASK_STATUSES } from '../domain/state-machine.js';
import type { Queryable } from './db.js';

/**
 * Deletes up to `limit` finished tasks whose `finished_at` is more than
 * `olderThanMs` before now on the database clock, oldest first; returns how
 * many went. One statement, so one short transaction per batch. SKIP LOCKED:
 * a task locked by anyone (an operator reopening it, a late report) is left
 * for the next run rather than waited for, and the status is re-checked on
 * the locked row, so a task reopened meanwhile is never deleted.
 */
export async function deleteFinishedTasks(db: Queryable, olderThanMs: number, limit: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `WITH doomed AS (
       SELECT id FROM tasks
       WHERE finished_at IS NOT NULL AND finished_at < clock_timestamp() - $1 * interval '1 millisecond'
         AND status = ANY($2::text[])
       ORDER BY finished_at
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     ), gone AS (
       DELETE FROM tasks t USING doomed WHERE t.id = doomed.id AND t.status = ANY($2::text[]) RETURNING t.id
     ), log AS (
       -- The transitions log has no foreign key (see migration 0003): its rows go with their task here.
       DELETE FROM transitions WHERE task_id IN (SELECT id FROM gone)
     )
     SELECT count(*)::int AS n FROM gone`,
    [olderThanMs, [...TERMINAL_TASK_STATUSES], limit],
  );
  return rows[0].n;
}
