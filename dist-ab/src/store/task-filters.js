/** `created_at` as text with all its microseconds: a JS Date would round a keyset cursor to milliseconds. */
const EXACT_CREATED = `to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
function whereClause(match, params) {
    const add = (value) => {
        params.push(value);
        return `$${params.length}`;
    };
    const where = [`t.status = ANY(${add(match.statuses)}::text[])`];
    if (match.namespace !== undefined)
        where.push(`t.namespace = ${add(match.namespace)}`);
    if (match.name !== undefined)
        where.push(`t.name = ${add(match.name)}`);
    if (match.tag !== undefined)
        where.push(`t.tags @> ARRAY[${add(match.tag)}]::text[]`);
    if (match.createdAfter !== undefined)
        where.push(`t.created_at >= ${add(match.createdAfter)}::timestamptz`);
    if (match.createdBefore !== undefined)
        where.push(`t.created_at < ${add(match.createdBefore)}::timestamptz`);
    if (match.asOf !== undefined)
        where.push(`t.created_at <= ${add(match.asOf)}::timestamptz`);
    // The steps' (task_id, name) key serves both lookups: a task's steps are few.
    if (match.errorCode !== undefined) {
        where.push(`EXISTS (SELECT 1 FROM steps s WHERE s.task_id = t.id AND s.state = 'error' AND s.error->>'code' = ${add(match.errorCode)})`);
    }
    else if (match.hasErrorStep) {
        where.push(`EXISTS (SELECT 1 FROM steps s WHERE s.task_id = t.id AND s.state = 'error')`);
    }
    return where.join(' AND ');
}
/**
 * How many tasks match now, and the exact time of the count (`as_of`), which
 * a run passes back as `asOf` so that it pages over the same tasks.
 */
export async function countMatchingTasks(db, match) {
    const params = [];
    const { rows } = await db.query(`SELECT count(*)::int AS n, to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS as_of
     FROM tasks t WHERE ${whereClause(match, params)}`, params);
    return { count: rows[0].n, asOf: rows[0].as_of };
}
/** The oldest `limit` matching tasks, for a dry run's sample. */
export async function sampleMatchingTasks(db, match, limit) {
    const params = [];
    const where = whereClause(match, params);
    params.push(limit);
    const { rows } = await db.query(`SELECT t.id, t.namespace, t.name, t.status, t.created_at FROM tasks t WHERE ${where} ORDER BY t.created_at, t.id LIMIT $${params.length}`, params);
    return rows;
}
/**
 * The next page of matching task ids after `after` (from the oldest when
 * null), oldest first, with the cursor of its last task. Keyset paging: a
 * task whose status changed (the operation itself cancelled it) does not
 * shift the pages after it.
 */
export async function pageMatchingTaskIds(db, match, after, limit) {
    const params = [];
    let where = whereClause(match, params);
    if (after !== null) {
        params.push(after.createdAt, after.id);
        where += ` AND (t.created_at, t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(limit);
    const { rows } = await db.query(`SELECT t.id, ${EXACT_CREATED} AS created_exact FROM tasks t WHERE ${where} ORDER BY t.created_at, t.id LIMIT $${params.length}`, params);
    const last = rows[rows.length - 1];
    return { ids: rows.map((r) => r.id), next: last === undefined ? null : { createdAt: last.created_exact, id: last.id } };
}
//# sourceMappingURL=task-filters.js.map