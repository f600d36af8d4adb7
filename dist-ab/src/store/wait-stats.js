/** Steps in the `waiting` state. */
export async function countWaitingSteps(db) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM steps WHERE state = 'waiting'`);
    return rows[0].n;
}
/** The database's clock now. */
export async function databaseNow(db) {
    const { rows } = await db.query('SELECT clock_timestamp() AS now');
    return new Date(rows[0].now);
}
/** Every sleep step that completed, with its wake-up lag: its `waiting -> complete` transition's `at` minus its `wake_at`. */
export async function findSleepWakes(db) {
    const { rows } = await db.query(`SELECT (extract(epoch FROM c.at - s.wake_at) * 1000)::float8 AS lag_ms, (extract(epoch FROM w.at - s.wake_at) * 1000)::float8 AS started_ms
     FROM steps s
     JOIN transitions c ON c.task_id = s.task_id AND c.step_name = s.name AND c.kind = 'transition' AND c.from_state = 'waiting' AND c.to_state = 'complete'
     JOIN transitions w ON w.task_id = s.task_id AND w.step_name = s.name AND w.kind = 'transition' AND w.from_state = 'ready' AND w.to_state = 'waiting'
     WHERE s.kind = 'sleep' AND s.state = 'complete'`);
    return rows;
}
/** Delays of the delivered signals to the tasks in `taskIds`, each from the signal's event row's `at`. */
export async function findSignalDelays(db, taskIds) {
    const { rows } = await db.query(`SELECT g.task_id, (extract(epoch FROM c.at - g.at) * 1000)::float8 AS step_ms, (extract(epoch FROM t.at - g.at) * 1000)::float8 AS task_ms
     FROM transitions g
     JOIN transitions c ON c.task_id = g.task_id AND c.step_name = g.step_name AND c.kind = 'transition' AND c.from_state = 'waiting' AND c.to_state = 'complete'
     LEFT JOIN transitions t ON t.task_id = g.task_id AND t.step_name IS NULL AND t.kind = 'transition' AND t.to_state = 'complete'
     WHERE g.kind = 'signal' AND g.task_id = ANY($1::uuid[]) AND g.data->>'status' = 'delivered'`, [taskIds]);
    return rows;
}
//# sourceMappingURL=wait-stats.js.map