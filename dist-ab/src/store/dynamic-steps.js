/** Statements for decision and fan-out steps. */
/** Skips the named pending steps (a decision did not choose them). */
export async function skipByDecision(db, taskId, ids) {
    if (ids.length === 0)
        return [];
    const { rows } = await db.query(`UPDATE steps SET state = 'skipped', skip_cause = 'decision', finished_at = clock_timestamp()
     WHERE task_id = $1 AND id = ANY($2::bigint[]) AND state = 'pending'
     RETURNING id, name`, [taskId, ids]);
    return rows;
}
/** The direct dependents of a step. */
export async function dependentsOf(db, stepId) {
    const { rows } = await db.query('SELECT s.id, s.name, s.template_step FROM steps s JOIN step_edges e ON e.to_step = s.id WHERE e.from_step = $1', [stepId]);
    return rows;
}
/** Completes a fan-in step with its instances' outputs, in item order. */
export async function completeFanIn(db, stepId) {
    const { rows } = await db.query(`UPDATE steps s SET state = 'complete', finished_at = clock_timestamp(), started_at = clock_timestamp(),
       output = coalesce((SELECT jsonb_agg(i.output ORDER BY (i.fan_out->>'index')::int)
                          FROM steps i JOIN step_edges e ON e.from_step = i.id
                          WHERE e.to_step = s.id AND i.fan_out IS NOT NULL), '[]'::jsonb)
     WHERE s.id = $1
     RETURNING s.name, jsonb_array_length(s.output) AS count`, [stepId]);
    return rows[0];
}
/** A fan-in step waits for `instances` more dependencies (its instances, about to be created). */
export async function expectInstances(db, stepId, instances) {
    await db.query('UPDATE steps SET pending_deps = pending_deps + $2, dep_count = dep_count + $2 WHERE id = $1', [stepId, instances]);
}
/** A fan-out added `count` steps to its task: they count toward the steps left before it finishes. */
export async function addRemainingSteps(db, taskId, count) {
    await db.query('UPDATE tasks SET remaining_steps = remaining_steps + $2 WHERE id = $1', [taskId, count]);
}
//# sourceMappingURL=dynamic-steps.js.map