import { LIVE_TASKS } from './state-sql.js';
/** Ids per statement in `countTasksNotComplete`: keeps each array parameter bounded. */
const ID_CHUNK = 10_000;
/** Tasks still live (pending, running or waiting for a retry). */
export async function countLiveTasks(db) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM tasks WHERE status IN (${LIVE_TASKS})`);
    return rows[0].n;
}
/** Live tasks by status, e.g. `{ pending: 3, running: 10 }`; statuses with none are absent. */
export async function countLiveTasksByStatus(db) {
    const { rows } = await db.query(`SELECT status, count(*)::int AS n FROM tasks WHERE status IN (${LIVE_TASKS}) GROUP BY status`);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
/** Tasks in `status`. */
export async function countTasksWithStatus(db, status) {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM tasks WHERE status = $1', [status]);
    return rows[0].n;
}
/** How many of the tasks `ids` did not end `complete` (unknown ids are not counted). */
export async function countTasksNotComplete(db, ids) {
    let n = 0;
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const { rows } = await db.query("SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1::uuid[]) AND status <> 'complete'", [ids.slice(i, i + ID_CHUNK)]);
        n += rows[0].n;
    }
    return n;
}
/** One task's status, or null when there is no such task: a cheaper poll than `findTask`. */
export async function findTaskStatus(db, id) {
    const { rows } = await db.query('SELECT status FROM tasks WHERE id = $1', [id]);
    return rows[0]?.status ?? null;
}
//# sourceMappingURL=task-counts.js.map