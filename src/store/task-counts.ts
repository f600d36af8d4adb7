/**
 * Task counts by status, for callers that wait on the whole table rather than
 * on one task: the benchmark workloads (`baton bench`) poll these until every
 * task they submitted has ended.
 */
import type { Queryable } from './db.js';
import { LIVE_TASKS } from './state-sql.js';

/** Ids per statement in `countTasksNotComplete`: keeps each array parameter bounded. */
const ID_CHUNK = 10_000;

/** Tasks still live (pending, running or waiting for a retry). */
export async function countLiveTasks(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE status IN (${LIVE_TASKS})`);
  return rows[0].n;
}

/**
 * Tasks still live among those created at or after `since` (database time):
 * how a benchmark waits for the tasks it just submitted when a backlog of
 * older ones is queued beside them. One index range per live status
 * (`tasks_status_created_idx`), however large the backlog, where looking up
 * the submitted ids one by one costs about 8 µs each against a million tasks.
 */
export async function countLiveTasksCreatedSince(db: Queryable, since: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE status IN (${LIVE_TASKS}) AND created_at >= $1`, [since]);
  return rows[0].n;
}

/** Live tasks by status, e.g. `{ pending: 3, running: 10 }`; statuses with none are absent. */
export async function countLiveTasksByStatus(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM tasks WHERE status IN (${LIVE_TASKS}) GROUP BY status`);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Tasks in `status`. */
export async function countTasksWithStatus(db: Queryable, status: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE status = $1', [status]);
  return rows[0].n;
}

/** How many of the tasks `ids` did not end `complete` (unknown ids are not counted). */
export async function countTasksNotComplete(db: Queryable, ids: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1::uuid[]) AND status <> 'complete'", [ids.slice(i, i + ID_CHUNK)]);
    n += rows[0].n;
  }
  return n;
}

/** One task's status, or null when there is no such task: a cheaper poll than `findTask`. */
export async function findTaskStatus(db: Queryable, id: string): Promise<string | null> {
  const { rows } = await db.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [id]);
  return rows[0]?.status ?? null;
}
