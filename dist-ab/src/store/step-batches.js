/**
 * Locks the tasks owning these steps, in task id order so that concurrent
 * batches take their locks in the same order and cannot deadlock.
 */
export async function lockTasksOfSteps(db, stepIds) {
    const { rows } = await db.query(
    // Both sides through their primary keys: a join on task_id alone was
    // planned as a scan of every task.
    `SELECT s.id AS step_id, s.kind AS step_kind, t.id, t.status, t.namespace, t.name, t.parent_task_id
     FROM tasks t JOIN steps s ON s.task_id = t.id
     WHERE t.id = ANY(ARRAY(SELECT task_id FROM steps WHERE id = ANY($1::bigint[]))) AND s.id = ANY($1::bigint[])
     ORDER BY t.id
     FOR UPDATE OF t`, [stepIds]);
    const byStep = new Map();
    const tasks = new Map();
    for (const row of rows) {
        const { step_id, step_kind, ...task } = row;
        const shared = tasks.get(task.id) ?? task;
        tasks.set(task.id, shared);
        byStep.set(step_id, { step_id, step_kind, task: shared });
    }
    return byStep;
}
/** Fenced completion of many steps in one statement; returns the ones whose lease was current. */
export async function markStepsComplete(db, items) {
    if (items.length === 0)
        return [];
    const { rows } = await db.query(`UPDATE steps s SET state = 'complete', output = u.output, error = NULL, finished_at = clock_timestamp(),
       lease_expires_at = NULL, deadline_at = NULL
     FROM unnest($1::bigint[], $2::uuid[], $3::jsonb[]) AS u(id, lease_id, output)
     WHERE s.id = ANY($1::bigint[]) AND s.id = u.id AND s.lease_id = u.lease_id AND s.state = 'running'
     RETURNING s.id, s.task_id, s.name, s.attempts, s.worker_id, s.handler,
       (extract(epoch FROM s.finished_at - s.started_at) * 1000)::float8 AS duration_ms, s.concurrency_key IS NOT NULL AS keyed`, [items.map((i) => i.stepId), items.map((i) => i.leaseId), items.map((i) => JSON.stringify(i.output))]);
    return rows;
}
/** `releaseDependents` for many completed steps at once. */
export async function releaseDependentsOfMany(db, stepIds) {
    if (stepIds.length === 0)
        return [];
    const { rows } = await db.query(`WITH done AS (
       SELECT to_step, count(*)::int AS n FROM step_edges WHERE from_step = ANY($1::bigint[]) GROUP BY to_step
     )
     UPDATE steps s SET pending_deps = s.pending_deps - done.n,
       state = CASE WHEN s.pending_deps = done.n THEN 'ready' ELSE s.state END,
       visible_at = CASE WHEN s.pending_deps = done.n THEN greatest(clock_timestamp(), s.visible_at) ELSE s.visible_at END
     FROM done WHERE s.id = done.to_step AND s.state = 'pending'
     RETURNING s.id, s.task_id, s.name, s.state, s.kind`, [stepIds]);
    return rows;
}
/** What a step is now, for reports that did not apply (duplicate, stale, missing). */
export async function findStepLeases(db, stepIds) {
    if (stepIds.length === 0)
        return new Map();
    const { rows } = await db.query('SELECT id, state, lease_id FROM steps WHERE id = ANY($1::bigint[])', [stepIds]);
    return new Map(rows.map((r) => [r.id, r]));
}
//# sourceMappingURL=step-batches.js.map