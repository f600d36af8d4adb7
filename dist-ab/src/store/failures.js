/**
 * The groups, largest first. Reads only tasks in `error` (through
 * `tasks_status_created_idx`) and their steps in `error`.
 */
export async function listFailureGroups(db, filter) {
    const params = [];
    const add = (value) => {
        params.push(value);
        return `$${params.length}`;
    };
    const where = ["t.status = 'error'"];
    if (filter.namespace !== undefined)
        where.push(`t.namespace = ${add(filter.namespace)}`);
    if (filter.createdAfter !== undefined)
        where.push(`t.created_at >= ${add(filter.createdAfter)}::timestamptz`);
    if (filter.createdBefore !== undefined)
        where.push(`t.created_at < ${add(filter.createdBefore)}::timestamptz`);
    const { rows } = await db.query(`SELECT t.namespace, t.name, coalesce(s.template_step, s.name) AS step, s.error->>'code' AS error_code,
            count(DISTINCT t.id)::int AS tasks,
            min(coalesce(s.finished_at, t.finished_at, t.created_at)) AS first_seen,
            max(coalesce(s.finished_at, t.finished_at, t.created_at)) AS last_seen,
            (array_agg(s.error->>'message' ORDER BY coalesce(s.finished_at, t.finished_at) DESC NULLS LAST, s.id DESC))[1] AS last_message
     FROM tasks t JOIN steps s ON s.task_id = t.id AND s.state = 'error'
     WHERE ${where.join(' AND ')}
     GROUP BY 1, 2, 3, 4
     ORDER BY tasks DESC, last_seen DESC, 1, 2, 3, 4
     LIMIT ${add(filter.limit)}`, params);
    return rows;
}
//# sourceMappingURL=failures.js.map