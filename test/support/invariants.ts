import type { Db } from '../../src/store/db.js';

/**
 * The invariants of docs/guarantees.md, as SQL over a Baton schema. Each
 * returns the rows that break it: an empty list means it holds.
 *
 * I1 at most one accepted completion per step attempt, and at most one side
 *    effect per step in the test ledger (when the test keeps one)
 * I2 one finalization per task
 * I3 no running step whose lease expired longer ago than the reaper interval
 * I4 dependency counters agree with the edges and the states
 * I5 every acknowledged task exists
 */
export async function checkInvariants(
  db: Db,
  opts: { reaperSlackMs: number; acknowledged?: string[]; ledger?: string },
): Promise<Record<string, unknown[]>> {
  const violations: Record<string, unknown[]> = {};
  const q = async (name: string, sql: string, params: unknown[] = []) => {
    const { rows } = await db.query(sql, params);
    if (rows.length > 0) violations[name] = rows;
  };
  await q(
    'I1 completions per attempt',
    `SELECT task_id, step_name, attempt, count(*) AS n FROM transitions
     WHERE kind = 'transition' AND to_state = 'complete' AND step_name IS NOT NULL AND from_state = 'running'
     GROUP BY task_id, step_name, attempt HAVING count(*) > 1`,
  );
  await q(
    'I1 completions per step',
    `SELECT task_id, step_name, count(*) AS n FROM transitions
     WHERE kind = 'transition' AND to_state = 'complete' AND step_name IS NOT NULL
     GROUP BY task_id, step_name HAVING count(*) > 1`,
  );
  if (opts.ledger) {
    await q('I1 side effects', `SELECT task_id, step, count(*) AS n FROM ${opts.ledger} GROUP BY task_id, step HAVING count(*) > 1`);
  }
  await q(
    'I2 finalizations',
    `SELECT task_id, count(*) AS n FROM transitions
     WHERE step_name IS NULL AND to_state IN ('complete', 'error', 'cancelled', 'timed_out')
     GROUP BY task_id HAVING count(*) > 1`,
  );
  await q(
    'I2 finished tasks without exactly one finalization',
    `SELECT t.id FROM tasks t WHERE t.status IN ('complete', 'error', 'cancelled', 'timed_out')
     AND (SELECT count(*) FROM transitions x WHERE x.task_id = t.id AND x.step_name IS NULL AND x.to_state = t.status) <> 1`,
  );
  await q(
    'I3 stale running steps',
    `SELECT id, task_id, name, lease_expires_at FROM steps
     WHERE state = 'running' AND lease_expires_at < clock_timestamp() - $1 * interval '1 millisecond'`,
    [opts.reaperSlackMs],
  );
  await q(
    'I4 pending counters',
    `SELECT s.id, s.name, s.pending_deps,
            (SELECT count(*) FROM step_edges e JOIN steps u ON u.id = e.from_step
             WHERE e.to_step = s.id AND u.state NOT IN ('complete', 'resolved', 'skipped')) AS open_deps
     FROM steps s WHERE s.state = 'pending'
       AND s.pending_deps <> (SELECT count(*) FROM step_edges e JOIN steps u ON u.id = e.from_step
                              WHERE e.to_step = s.id AND u.state NOT IN ('complete', 'resolved', 'skipped'))`,
  );
  await q(
    'I4 remaining counters',
    `SELECT t.id, t.remaining_steps, (SELECT count(*) FROM steps s WHERE s.task_id = t.id AND s.state IN ('pending', 'ready', 'running')) AS live
     FROM tasks t WHERE t.status IN ('pending', 'running')
       AND t.remaining_steps <> (SELECT count(*) FROM steps s WHERE s.task_id = t.id AND s.state IN ('pending', 'ready', 'running'))`,
  );
  await q(
    'I4 finished tasks with live steps',
    `SELECT t.id FROM tasks t WHERE t.status IN ('complete', 'error', 'cancelled', 'timed_out')
     AND EXISTS (SELECT 1 FROM steps s WHERE s.task_id = t.id AND s.state IN ('pending', 'ready', 'running'))`,
  );
  if (opts.acknowledged && opts.acknowledged.length > 0) {
    await q('I5 acknowledged tasks', `SELECT a.id FROM unnest($1::uuid[]) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = a.id)`, [opts.acknowledged]);
  }
  return violations;
}
