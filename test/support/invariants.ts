import { setTimeout as sleep } from 'node:timers/promises';
import { initialStepState, replayTaskLog, type ReplayRow } from '../../src/domain/log-replay.js';
import type { Db } from '../../src/store/db.js';
import { isConnectionError } from '../../src/store/sqlstate.js';
import { LIVE_STEPS } from '../../src/store/state-sql.js';

/**
 * The invariants of docs/guarantees.md, as SQL over a Baton schema. Each
 * returns the rows that break it: an empty list means it holds.
 *
 * I1 at most one accepted completion per step attempt, and at most one side
 *    effect per step in the test ledger (when the test keeps one)
 * I2 one finalization per task, or one per reopening: an operator's retry or
 *    resolve of a step in an `error` task reopens it (error -> running), and
 *    only such a reopening may stand between two finalizations
 * I3 no running step whose lease expired longer ago than the reaper interval
 * I4 dependency counters agree with the edges and the states
 * I5 every acknowledged task exists, and every step and edge has its task and
 *    every task its template (the schema keeps no foreign key for them: migration 0015)
 * I7 no concurrency key ever has more steps running than its limit (from the log).
 * I6 every task's log, replayed in id order, walks the domain's state
 *    machines causally (src/domain/log-replay.ts)
 *
 * Run it after any chaos has stopped. A connection lost to a termination that
 * was still in flight is not a violation: the whole check runs again, on the
 * pool's next (fresh) connection, a few times.
 */
export async function checkInvariants(db: Db, opts: { reaperSlackMs: number; acknowledged?: string[]; ledger?: string }): Promise<Record<string, unknown[]>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await checkOnce(db, opts);
    } catch (err) {
      if (attempt >= 5 || !isConnectionError(err)) throw err;
      await sleep(200 * attempt);
    }
  }
}

/** How many tasks and log rows I6 replayed in this process (for the closing figures of a test). */
export const replayed = { tasks: 0, transitions: 0 };

async function checkOnce(db: Db, opts: { reaperSlackMs: number; acknowledged?: string[]; ledger?: string }): Promise<Record<string, unknown[]>> {
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
  // A task's finalizations and operator reopenings, in log order: they must alternate, starting with a
  // finalization, and a reopening must follow a finalization to `error` (the only status it reopens).
  const i2Events = `SELECT task_id, id, to_state,
       CASE WHEN to_state IN ('complete', 'error', 'cancelled', 'timed_out') THEN 'final' ELSE 'reopen' END AS event
     FROM transitions
     WHERE step_name IS NULL AND (to_state IN ('complete', 'error', 'cancelled', 'timed_out')
       OR (from_state = 'error' AND to_state = 'running' AND reason = 'reopened by operator'))`;
  await q(
    'I2 finalizations',
    `SELECT task_id, id, to_state, event, prev_event, prev_state FROM (
       SELECT e.*, lag(event) OVER w AS prev_event, lag(to_state) OVER w AS prev_state
       FROM (${i2Events}) e WINDOW w AS (PARTITION BY task_id ORDER BY id)
     ) x
     WHERE (event = 'final' AND prev_event = 'final')
        OR (event = 'reopen' AND (prev_event IS NULL OR prev_event <> 'final' OR prev_state <> 'error'))`,
  );
  await q(
    'I2 finished tasks without exactly one finalization',
    `SELECT t.id, t.status, last.event, last.to_state FROM tasks t
     LEFT JOIN LATERAL (SELECT e.event, e.to_state FROM (${i2Events}) e WHERE e.task_id = t.id ORDER BY e.id DESC LIMIT 1) last ON true
     WHERE t.status IN ('complete', 'error', 'cancelled', 'timed_out')
       AND (last.event IS DISTINCT FROM 'final' OR last.to_state <> t.status)`,
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
    `SELECT t.id, t.remaining_steps, (SELECT count(*) FROM steps s WHERE s.task_id = t.id AND s.state IN (${LIVE_STEPS})) AS live
     FROM tasks t WHERE t.status IN ('pending', 'running')
       AND t.remaining_steps <> (SELECT count(*) FROM steps s WHERE s.task_id = t.id AND s.state IN (${LIVE_STEPS}))`,
  );
  await q(
    'I4 finished tasks with live steps',
    `SELECT t.id FROM tasks t WHERE t.status IN ('complete', 'error', 'cancelled', 'timed_out')
     AND EXISTS (SELECT 1 FROM steps s WHERE s.task_id = t.id AND s.state IN (${LIVE_STEPS}))`,
  );
  if (opts.acknowledged && opts.acknowledged.length > 0) {
    await q('I5 acknowledged tasks', `SELECT a.id FROM unnest($1::uuid[]) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = a.id)`, [opts.acknowledged]);
  }
  await q(
    'I5 rows without their task or template',
    `SELECT 'step' AS row, s.id::text AS id FROM steps s WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = s.task_id)
     UNION ALL SELECT 'edge', e.from_step || '->' || e.to_step FROM step_edges e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = e.task_id)
     UNION ALL SELECT 'task', t.id::text FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM templates m WHERE m.id = t.template_id)
     LIMIT 20`,
  );
  const causal = await replayEveryTask(db);
  if (causal.length > 0) violations['I6 causal log'] = causal;
  const overLimit = await runningOverKeyLimits(db);
  if (overLimit.length > 0) violations['I7 concurrency limits'] = overLimit;
  return violations;
}

/**
 * I7: replayed in log order, the steps running under one concurrency key
 * never outnumber its limit. The log's order is safe to replay: a claim
 * counts a key's running steps after the finishes it saw were logged, so it
 * logs after them.
 */
export async function runningOverKeyLimits(db: Db, limit = 20): Promise<{ key: string; at: number; running: number; limit: number }[]> {
  const { rows } = await db.query<{ id: number; k: string; lim: number; from: string | null; to: string | null }>(
    `SELECT t.id::float8 AS id, s.concurrency_key AS k, s.concurrency_limit AS lim, t.from_state AS "from", t.to_state AS "to"
     FROM transitions t JOIN steps s ON s.task_id = t.task_id AND s.name = t.step_name
     WHERE s.concurrency_key IS NOT NULL AND t.kind = 'transition' AND (t.to_state = 'running' OR t.from_state = 'running')
     ORDER BY t.id`,
  );
  const running = new Map<string, number>();
  const found: { key: string; at: number; running: number; limit: number }[] = [];
  for (const r of rows) {
    const n = (running.get(r.k) ?? 0) + (r.to === 'running' ? 1 : 0) - (r.from === 'running' ? 1 : 0);
    running.set(r.k, n);
    if (n > r.lim && found.length < limit) found.push({ key: r.k, at: r.id, running: n, limit: r.lim });
  }
  return found;
}

/** I6: every task's log replayed through the domain's state machines. Returns the first violations found. */
export async function replayEveryTask(db: Db, limit = 20): Promise<{ task_id: string; problems: string[] }[]> {
  const [{ rows: steps }, { rows: edges }, { rows: log }] = await Promise.all([
    db.query<{ task_id: string; name: string; dep_count: number }>('SELECT task_id, name, dep_count FROM steps'),
    db.query<{ task_id: string; from_name: string; to_name: string }>(
      'SELECT e.task_id, f.name AS from_name, t.name AS to_name FROM step_edges e JOIN steps f ON f.id = e.from_step JOIN steps t ON t.id = e.to_step',
    ),
    db.query<ReplayRow & { task_id: string }>(`SELECT id::float8 AS id, task_id, step_name AS step, kind, from_state AS "from", to_state AS "to" FROM transitions ORDER BY id`),
  ]);
  const upstream = new Map<string, string[]>();
  for (const e of edges) {
    const key = `${e.task_id}/${e.to_name}`;
    const list = upstream.get(key);
    if (list) list.push(e.from_name);
    else upstream.set(key, [e.from_name]);
  }
  const stepsByTask = new Map<string, { name: string; initial: ReturnType<typeof initialStepState>; upstream: string[] }[]>();
  for (const s of steps) {
    const list = stepsByTask.get(s.task_id) ?? [];
    // A fan-in step counts its instances among its dependencies; it was created pending all the same.
    list.push({ name: s.name, initial: initialStepState(s.dep_count), upstream: upstream.get(`${s.task_id}/${s.name}`) ?? [] });
    stepsByTask.set(s.task_id, list);
  }
  const rowsByTask = new Map<string, ReplayRow[]>();
  for (const r of log) {
    const list = rowsByTask.get(r.task_id);
    if (list) list.push(r);
    else rowsByTask.set(r.task_id, [r]);
  }
  const found: { task_id: string; problems: string[] }[] = [];
  for (const [taskId, rows] of rowsByTask) {
    replayed.tasks++;
    replayed.transitions += rows.length;
    const problems = replayTaskLog(rows, stepsByTask.get(taskId) ?? []);
    if (problems.length > 0 && found.length < limit) found.push({ task_id: taskId, problems: problems.slice(0, 10) });
  }
  return found;
}
