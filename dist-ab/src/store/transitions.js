/** Appends many log rows in one statement; callers gather a transaction's rows and write them once. */
export async function insertTransitions(db, rows) {
    if (rows.length === 0)
        return;
    await db.query(`INSERT INTO transitions (task_id, step_name, kind, from_state, to_state, reason, attempt, worker_id, actor, data)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::jsonb[])`, [
        rows.map((r) => r.taskId),
        rows.map((r) => r.stepName ?? null),
        rows.map((r) => r.kind ?? 'transition'),
        rows.map((r) => r.from ?? null),
        rows.map((r) => r.to ?? null),
        rows.map((r) => r.reason ?? null),
        rows.map((r) => r.attempt ?? null),
        rows.map((r) => r.workerId ?? null),
        rows.map((r) => r.actor ?? null),
        rows.map((r) => (r.data === undefined || r.data === null ? null : JSON.stringify(r.data))),
    ]);
}
export async function listTransitions(db, taskId, afterId = 0, limit = 1000) {
    const { rows } = await db.query('SELECT * FROM transitions WHERE task_id = $1 AND id > $2 ORDER BY id LIMIT $3', [taskId, afterId, limit]);
    return rows;
}
/** Ids (and tasks) of log rows after `afterId`, in id order. */
export async function listEventRefsAfter(db, afterId, limit) {
    const { rows } = await db.query('SELECT id, task_id FROM transitions WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]);
    return rows;
}
/** The highest log id committed so far (0 for an empty log). */
export async function maxEventId(db) {
    const { rows } = await db.query('SELECT max(id) AS max FROM transitions');
    return rows[0]?.max ?? 0;
}
/** One task's log rows with `afterId < id <= upToId`, in id order. */
export async function listTaskEventsBetween(db, taskId, afterId, upToId, limit) {
    const { rows } = await db.query('SELECT * FROM transitions WHERE task_id = $1 AND id > $2 AND id <= $3 ORDER BY id LIMIT $4', [taskId, afterId, upToId, limit]);
    return rows;
}
/** Every task's log rows with `afterId < id <= upToId`, in id order (the all-tasks stream). */
export async function listEventsSince(db, afterId, upToId, limit) {
    const { rows } = await db.query('SELECT * FROM transitions WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3', [afterId, upToId, limit]);
    return rows;
}
/** The task's latest task-level state change at or before `atOrBeforeId` (null when there is none). */
export async function findTaskStateAt(db, taskId, atOrBeforeId) {
    const { rows } = await db.query(`SELECT to_state FROM transitions
     WHERE task_id = $1 AND id <= $2 AND step_name IS NULL AND kind = 'transition' AND to_state IS NOT NULL
     ORDER BY id DESC LIMIT 1`, [taskId, atOrBeforeId]);
    return rows[0]?.to_state ?? null;
}
//# sourceMappingURL=transitions.js.map