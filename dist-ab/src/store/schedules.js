const WITH_STATUS = `SELECT s.*, t.status AS last_task_status, now() AS db_now FROM schedules s LEFT JOIN tasks t ON t.id = s.last_task_id`;
/** The database's clock: schedules are judged by it, never by a process's. */
export async function readClock(q) {
    const { rows } = await q.query('SELECT now() AS now');
    return rows[0].now;
}
function definitionParams(d) {
    return [d.name, d.templateNamespace, d.templateName, d.templateVersion, JSON.stringify(d.context), d.cron, d.everyMs, d.timezone, d.overlap, d.catchUp, d.paused, d.nextFireAt];
}
/**
 * The slot a schedule keeps when its definition is replaced: the stored one
 * while the spec is unchanged and it stays running (no slot is skipped or
 * fired twice by re-applying a file), else the one computed from now (a new
 * spec, or a resume: slots while paused are not caught up).
 */
const KEPT_NEXT_FIRE_AT = `CASE WHEN schedules.cron IS NOT DISTINCT FROM $6::text AND schedules.every_ms IS NOT DISTINCT FROM $7::bigint
  AND schedules.timezone = $8::text AND NOT schedules.paused AND NOT $11::boolean THEN schedules.next_fire_at ELSE $12::timestamptz END`;
/** Creates or replaces a schedule; keeps its history (last task, counts). `created` is false for a replacement. */
export async function upsertSchedule(q, d) {
    const { rows } = await q.query(`INSERT INTO schedules (name, template_namespace, template_name, template_version, context, cron, every_ms, timezone, overlap, catch_up, paused, next_fire_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (name) DO UPDATE SET
       template_namespace = EXCLUDED.template_namespace, template_name = EXCLUDED.template_name, template_version = EXCLUDED.template_version,
       context = EXCLUDED.context, cron = EXCLUDED.cron, every_ms = EXCLUDED.every_ms, timezone = EXCLUDED.timezone,
       overlap = EXCLUDED.overlap, catch_up = EXCLUDED.catch_up, paused = EXCLUDED.paused,
       next_fire_at = ${KEPT_NEXT_FIRE_AT}, updated_at = now()
     RETURNING *, (xmax = 0) AS created`, definitionParams(d));
    const { created, ...row } = rows[0];
    return { row, created };
}
/** Replaces an existing schedule's definition (as `upsertSchedule`); null when there is no such schedule. */
export async function updateSchedule(q, d) {
    const { rows } = await q.query(`UPDATE schedules SET template_namespace = $2, template_name = $3, template_version = $4, context = $5, cron = $6, every_ms = $7, timezone = $8,
       overlap = $9, catch_up = $10, paused = $11, next_fire_at = ${KEPT_NEXT_FIRE_AT}, updated_at = now()
     WHERE name = $1 RETURNING *`, definitionParams(d));
    return rows[0] ?? null;
}
export async function findSchedule(q, name) {
    const { rows } = await q.query(`${WITH_STATUS} WHERE s.name = $1`, [name]);
    return rows[0] ?? null;
}
export async function listSchedules(q) {
    const { rows } = await q.query(`${WITH_STATUS} ORDER BY s.name`);
    return rows;
}
export async function deleteSchedule(q, name) {
    const { rowCount } = await q.query('DELETE FROM schedules WHERE name = $1', [name]);
    return rowCount > 0;
}
/**
 * Locks up to `limit` due schedules, oldest slot first, skipping those another
 * process's tick holds. `db_now` is the transaction's start: one clock for
 * the whole tick.
 */
export async function lockDueSchedules(q, limit) {
    const { rows } = await q.query(`${WITH_STATUS} WHERE NOT s.paused AND s.next_fire_at <= now() ORDER BY s.next_fire_at LIMIT $1 FOR UPDATE OF s SKIP LOCKED`, [
        limit,
    ]);
    return rows;
}
/** Advances the locked schedules past the slots a tick handled, in one statement. */
export async function recordFiredSlots(q, fired) {
    if (fired.length === 0)
        return;
    await q.query(`UPDATE schedules s SET next_fire_at = v.next_fire_at, last_slot_at = coalesce(v.last_slot_at, s.last_slot_at),
       last_task_id = coalesce(v.last_task_id, s.last_task_id),
       last_fired_at = CASE WHEN v.last_task_id IS NULL THEN s.last_fired_at ELSE now() END,
       fired_count = s.fired_count + v.fired, skipped_count = s.skipped_count + v.skipped
     FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::uuid[], $5::bigint[], $6::bigint[])
          AS v(name, next_fire_at, last_slot_at, last_task_id, fired, skipped)
     WHERE s.name = v.name`, [
        fired.map((f) => f.name),
        fired.map((f) => f.nextFireAt),
        fired.map((f) => f.lastSlotAt),
        fired.map((f) => f.lastTaskId),
        fired.map((f) => f.fired),
        fired.map((f) => f.skipped),
    ]);
}
/** Records a task fired by `trigger` (now, outside the slots): next_fire_at is left as it is. */
export async function recordManualFire(q, name, taskId) {
    const { rowCount } = await q.query('UPDATE schedules SET last_task_id = $2, last_fired_at = now(), fired_count = fired_count + 1 WHERE name = $1', [name, taskId]);
    return rowCount > 0;
}
/** Moves every schedule's first unfired slot to `at` (the scheduler benchmark: all due at once, or none). */
export async function setAllNextFireAt(q, at) {
    const { rowCount } = await q.query('UPDATE schedules SET next_fire_at = $1', [at]);
    return rowCount;
}
//# sourceMappingURL=schedules.js.map