import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { LIVE_STEPS, LIVE_TASKS } from './state-sql.js';
/**
 * For each probe, the task holding its idempotency key (null if none), and
 * whether that task's context equals the probe's: compared in SQL, so it is
 * the stored jsonb that is compared, not a JavaScript rendering of it.
 */
export async function matchIdempotencyKeys(db, probes) {
    if (probes.length === 0)
        return [];
    const { rows } = await db.query(`SELECT p.n::int AS n, t.id, t.status, t.namespace, t.name, t.version, coalesce(t.correlation_id, t.id::text) AS correlation_id, t.context = p.context AS same_context
     FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS p(key, context, n)
     JOIN tasks t ON t.idempotency_key = p.key`, [probes.map((p) => p.key), probes.map((p) => JSON.stringify(p.context))]);
    const matches = probes.map(() => null);
    for (const r of rows) {
        matches[r.n - 1] = { id: r.id, status: r.status, namespace: r.namespace, name: r.name, version: r.version, correlationId: r.correlation_id, sameContext: r.same_context };
    }
    return matches;
}
export async function findTask(db, id) {
    const { rows } = await db.query('SELECT * FROM tasks WHERE id = $1', [id]);
    return rows[0] ?? null;
}
/**
 * Locks a task row. Every transaction that moves a step into a terminal state
 * takes this lock first, then step locks: one lock order, no deadlocks, and
 * the task's counters are exact.
 */
export async function lockTask(db, id) {
    const { rows } = await db.query('SELECT * FROM tasks WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ?? null;
}
/** Locks the task that owns a step (the step itself is not locked). */
export async function lockTaskOfStep(db, stepId) {
    const { rows } = await db.query('SELECT t.* FROM tasks t WHERE t.id = (SELECT task_id FROM steps WHERE id = $1) FOR UPDATE', [stepId]);
    return rows[0] ?? null;
}
/** Applies the effect of steps reaching terminal states; promotes a pending task to running. */
export async function settleTaskSteps(db, id, settled, errored) {
    const { rows } = await db.query(`UPDATE tasks SET remaining_steps = remaining_steps - $2, error_steps = error_steps + $3
     WHERE id = $1 RETURNING remaining_steps, error_steps, status`, [id, settled, errored]);
    return rows[0];
}
/** Moves a live task to `to`; returns false when it was no longer live (exactly-once finalization). */
export async function setTaskStatus(db, id, from, to, error = null) {
    const terminal = !LIVE_TASK_STATUSES.includes(to);
    const { rowCount } = await db.query(`UPDATE tasks SET status = $3,
       started_at = CASE WHEN $3 = 'running' THEN coalesce(started_at, clock_timestamp()) ELSE started_at END,
       finished_at = CASE WHEN $4 THEN clock_timestamp() ELSE NULL END,
       error = coalesce($5::jsonb, CASE WHEN $4 THEN error ELSE NULL END),
       remaining_steps = CASE WHEN $4 THEN 0 ELSE remaining_steps END
     WHERE id = $1 AND status = ANY($2::text[])`, [id, from, to, terminal, error === null ? null : JSON.stringify(error)]);
    return rowCount === 1;
}
/**
 * Sets a running task to `waiting_for_retry` when no step of it is running or
 * visible in `ready` but one waits out a backoff, and back to `running`
 * otherwise. Returns the new status, or null when it did not change.
 */
export async function refreshBackoffStatus(db, id) {
    const { rows } = await db.query(`WITH live AS (
       SELECT CASE WHEN NOT coalesce(bool_or(state IN ('running', 'waiting') OR (state = 'ready' AND visible_at <= clock_timestamp())), false)
                    AND coalesce(bool_or(state = 'ready' AND visible_at > clock_timestamp() AND attempts > 0), false)
                   THEN 'waiting_for_retry' ELSE 'running' END AS status
       FROM steps WHERE task_id = $1 AND state IN ('ready', 'running', 'waiting')
     )
     UPDATE tasks t SET status = live.status
     FROM live
     WHERE t.id = $1 AND t.status IN ('running', 'waiting_for_retry') AND t.status <> live.status
     RETURNING t.status`, [id]);
    return rows[0]?.status ?? null;
}
/** Live tasks whose whole-task deadline has passed (judged on the database clock). */
export async function findOverdueTasks(db, limit) {
    const { rows } = await db.query(`SELECT id FROM tasks WHERE status IN (${LIVE_TASKS}) AND deadline_at IS NOT NULL
       AND deadline_at < clock_timestamp() ORDER BY deadline_at LIMIT $1`, [limit]);
    return rows.map((r) => r.id);
}
/** Live tasks with no live step left: a finalization that was missed (the reconciler's input). */
export async function findUnfinalizedTasks(db, limit) {
    const { rows } = await db.query(`SELECT id FROM tasks WHERE status IN (${LIVE_TASKS}) AND remaining_steps = 0 LIMIT $1`, [limit]);
    return rows.map((r) => r.id);
}
/** The exact number of a task's steps that are not terminal (the reconciler's check of the counter). */
export async function countLiveSteps(db, id) {
    const { rows } = await db.query(`SELECT count(*) FILTER (WHERE state IN (${LIVE_STEPS}))::int AS live,
            count(*) FILTER (WHERE state = 'error')::int AS errors
     FROM steps WHERE task_id = $1`, [id]);
    return rows[0];
}
export async function listTasks(db, filter) {
    const where = [];
    const params = [];
    const add = (clause, value) => {
        params.push(value);
        where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.status)
        add('status = ?', filter.status);
    if (filter.namespace)
        add('namespace = ?', filter.namespace);
    if (filter.name)
        add('name = ?', filter.name);
    if (filter.tag)
        add('tags @> ARRAY[?]::text[]', filter.tag);
    if (filter.parent)
        add('parent_task_id = ?::uuid', filter.parent);
    if (filter.before) {
        params.push(filter.before.createdAt, filter.before.id);
        where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit);
    const { rows } = await db.query(`SELECT *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_exact
     FROM tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at DESC, id DESC LIMIT $${params.length}`, params);
    return rows;
}
/**
 * Settles completed steps on many locked tasks in one statement: counts them
 * off, promotes a task still `pending` to `running`, and finalizes (exactly
 * once: only a live task changes) every task left with no step to run.
 * Returns each task's status after the statement.
 */
export async function settleManyTasks(db, settled) {
    if (settled.size === 0)
        return [];
    const { rows } = await db.query(`UPDATE tasks t SET remaining_steps = greatest(t.remaining_steps - u.n, 0),
       status = CASE WHEN t.status NOT IN (${LIVE_TASKS}) THEN t.status
                     WHEN t.remaining_steps - u.n <= 0 THEN CASE WHEN t.error_steps > 0 THEN 'error' ELSE 'complete' END
                     ELSE 'running' END,
       started_at = CASE WHEN t.status = 'pending' THEN coalesce(t.started_at, clock_timestamp()) ELSE t.started_at END,
       finished_at = CASE WHEN t.status IN (${LIVE_TASKS}) AND t.remaining_steps - u.n <= 0 THEN clock_timestamp() ELSE t.finished_at END
     FROM unnest($1::uuid[], $2::int[]) AS u(id, n)
     WHERE t.id = ANY($1::uuid[]) AND t.id = u.id
     RETURNING t.id, t.status`, [[...settled.keys()], [...settled.values()]]);
    return rows;
}
/** The child tasks a task started (child workflows), oldest first. */
export async function listChildren(db, parentId) {
    const { rows } = await db.query(`SELECT id, namespace, name, version, status, parent_step, created_at FROM tasks WHERE parent_task_id = $1 ORDER BY created_at, id`, [parentId]);
    return rows;
}
//# sourceMappingURL=tasks.js.map