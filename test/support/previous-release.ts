/**
 * The statements a process of the previous release (commit a47d6ee, migrations
 * 0001-0003) runs to submit, claim, heartbeat, complete and retry, copied
 * verbatim from that commit's src/store (`git show a47d6ee:src/store/task-graphs.ts`,
 * `leases.ts`, `step-batches.ts`, `tasks.ts`, `steps.ts`, `transitions.ts`), and
 * the old core's order of calling them. The rolling-upgrade test runs them
 * against a schema this code migrated: migrations are additive, so they must
 * keep working. Never edit the SQL to fit today's schema: a statement here that
 * fails means a migration broke the previous release's processes.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../../src/store/db.js';

export const PREVIOUS_RELEASE = 'a47d6ee';

const INSERT_TASK_GRAPHS = `WITH guard AS (
       SELECT coalesce(bool_and(g.id = (SELECT l.id FROM templates l WHERE l.namespace = g.ns AND l.name = g.name
                                        ORDER BY l.created_at DESC, l.id DESC LIMIT 1)), true) AS ok
       FROM unnest($26::bigint[], $27::text[], $28::text[]) AS g(id, ns, name)
     ), t AS (
       INSERT INTO tasks (id, template_id, namespace, name, version, status, context, priority, tags,
                          idempotency_key, on_failure, remaining_steps, run_at, deadline_at)
       SELECT u.id, u.template_id, u.namespace, u.name, u.version, 'pending', u.context, u.priority,
              ARRAY(SELECT jsonb_array_elements_text(u.tags)), u.idem, u.on_failure, u.steps, u.run_at,
              CASE WHEN u.timeout_s IS NULL THEN NULL
                   ELSE greatest(now(), coalesce(u.run_at, now())) + u.timeout_s * interval '1 second' END
       FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::int[], $8::jsonb[],
                   $9::text[], $10::text[], $11::int[], $12::timestamptz[], $13::float8[])
            AS u(id, template_id, namespace, name, version, context, priority, tags, idem, on_failure, steps, run_at, timeout_s)
       WHERE (SELECT ok FROM guard)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id
     ), s AS (
       INSERT INTO steps (task_id, name, handler, kind, state, pending_deps, dep_count, max_attempts, retry, timeout_ms,
                          params, labels, priority, visible_at)
       SELECT u.task_id, u.name, u.handler, u.kind, CASE WHEN u.deps = 0 THEN 'ready' ELSE 'pending' END,
              u.deps, u.deps, u.max_attempts, u.retry, u.timeout_ms, u.params, u.labels, u.priority,
              coalesce(u.visible_at, now())
       FROM unnest($14::uuid[], $15::text[], $16::text[], $17::text[], $18::int[], $19::int[], $20::jsonb[], $21::int[],
                   $22::jsonb[], $23::jsonb[], $24::int[], $25::timestamptz[])
            AS u(task_id, name, handler, kind, deps, max_attempts, retry, timeout_ms, params, labels, priority, visible_at)
       WHERE u.task_id IN (SELECT id FROM t)
       RETURNING id, task_id, name
     ), e AS (
       INSERT INTO step_edges (task_id, from_step, to_step)
       SELECT u.task_id, f.id, d.id
       FROM unnest($29::uuid[], $30::text[], $31::text[]) AS u(task_id, from_name, to_name)
       JOIN s f ON f.task_id = u.task_id AND f.name = u.from_name
       JOIN s d ON d.task_id = u.task_id AND d.name = u.to_name
     ), log AS (
       INSERT INTO transitions (task_id, from_state, to_state, reason) SELECT id, NULL, 'pending', 'submitted' FROM t
     )
     SELECT (SELECT ok FROM guard) AS fresh,
            coalesce((SELECT array_agg(id) FROM t), '{}') AS created,
            (SELECT count(pg_notify(c, '')) FROM unnest($32::text[]) AS c WHERE EXISTS (SELECT 1 FROM t)) AS notified`;

const CLAIM_STEPS = `WITH picked AS (
       SELECT id FROM steps
       WHERE state = 'ready' AND visible_at <= clock_timestamp() AND handler = ANY($1::text[]) AND labels <@ $2::jsonb
       ORDER BY priority DESC, visible_at, id
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     ), leased AS (
       SELECT p.id, l.lease_id FROM (SELECT id, row_number() OVER () AS n FROM picked) p
       JOIN unnest($6::uuid[]) WITH ORDINALITY AS l(lease_id, n) ON l.n = p.n
     ), claimed AS (
       UPDATE steps s SET state = 'running', attempts = s.attempts + 1, lease_id = leased.lease_id,
         lease_expires_at = clock_timestamp() + $4 * interval '1 millisecond',
         deadline_at = CASE WHEN s.timeout_ms IS NULL THEN NULL ELSE clock_timestamp() + s.timeout_ms * interval '1 millisecond' END,
         worker_id = $5, started_at = clock_timestamp(), finished_at = NULL
       FROM leased
       WHERE s.id = ANY(ARRAY(SELECT id FROM picked)) AND s.id = leased.id
       RETURNING s.*
     ), logged AS (
       INSERT INTO transitions (task_id, step_name, from_state, to_state, attempt, worker_id)
       SELECT task_id, name, 'ready', 'running', attempts, worker_id FROM claimed
     ), started AS (
       UPDATE tasks t SET status = 'running', started_at = clock_timestamp()
       WHERE t.id = ANY(ARRAY(SELECT id FROM tasks WHERE id = ANY(ARRAY(SELECT task_id FROM claimed)) AND status = 'pending' FOR UPDATE SKIP LOCKED))
       RETURNING t.id
     ), logged_started AS (
       INSERT INTO transitions (task_id, from_state, to_state, reason) SELECT id, 'pending', 'running', 'first step claimed' FROM started
     )
     SELECT c.id, c.task_id, c.name, c.handler, c.kind, c.attempts, c.max_attempts, c.params, c.lease_id,
            c.lease_expires_at, c.deadline_at, c.checkpoint, c.template_step, c.fan_out, t.template_id, t.namespace, t.name AS task_name,
            t.version, t.context, greatest(0, extract(epoch FROM c.started_at - c.visible_at) * 1000)::float8 AS queue_wait_ms
     FROM claimed c CROSS JOIN LATERAL (SELECT * FROM tasks WHERE id = c.task_id OFFSET 0) t
     ORDER BY c.priority DESC, c.visible_at, c.id`;

const EXTEND_LEASES = `UPDATE steps s SET lease_expires_at = clock_timestamp() + $3 * interval '1 millisecond'
     FROM unnest($1::bigint[], $2::uuid[]) AS l(id, lease_id)
     WHERE s.id = l.id AND s.lease_id = l.lease_id AND s.state = 'running'
     RETURNING s.id`;

const LOCK_TASKS_OF_STEPS = `SELECT s.id AS step_id, s.kind AS step_kind, t.id, t.status, t.namespace, t.name
     FROM tasks t JOIN steps s ON s.task_id = t.id
     WHERE t.id = ANY(ARRAY(SELECT task_id FROM steps WHERE id = ANY($1::bigint[]))) AND s.id = ANY($1::bigint[])
     ORDER BY t.id
     FOR UPDATE OF t`;

const MARK_STEPS_COMPLETE = `UPDATE steps s SET state = 'complete', output = u.output, error = NULL, finished_at = clock_timestamp(),
       lease_expires_at = NULL, deadline_at = NULL
     FROM unnest($1::bigint[], $2::uuid[], $3::jsonb[]) AS u(id, lease_id, output)
     WHERE s.id = ANY($1::bigint[]) AND s.id = u.id AND s.lease_id = u.lease_id AND s.state = 'running'
     RETURNING s.id, s.task_id, s.name, s.attempts, s.worker_id, s.handler,
       (extract(epoch FROM s.finished_at - s.started_at) * 1000)::float8 AS duration_ms`;

const RELEASE_DEPENDENTS_OF_MANY = `WITH done AS (
       SELECT to_step, count(*)::int AS n FROM step_edges WHERE from_step = ANY($1::bigint[]) GROUP BY to_step
     )
     UPDATE steps s SET pending_deps = s.pending_deps - done.n,
       state = CASE WHEN s.pending_deps = done.n THEN 'ready' ELSE s.state END,
       visible_at = CASE WHEN s.pending_deps = done.n THEN greatest(clock_timestamp(), s.visible_at) ELSE s.visible_at END
     FROM done WHERE s.id = done.to_step AND s.state = 'pending'
     RETURNING s.id, s.task_id, s.name, s.state, s.kind`;

const SETTLE_MANY_TASKS = `UPDATE tasks t SET remaining_steps = greatest(t.remaining_steps - u.n, 0),
       status = CASE WHEN t.status NOT IN ('pending', 'running') THEN t.status
                     WHEN t.remaining_steps - u.n <= 0 THEN CASE WHEN t.error_steps > 0 THEN 'error' ELSE 'complete' END
                     ELSE 'running' END,
       started_at = CASE WHEN t.status = 'pending' THEN coalesce(t.started_at, clock_timestamp()) ELSE t.started_at END,
       finished_at = CASE WHEN t.status IN ('pending', 'running') AND t.remaining_steps - u.n <= 0 THEN clock_timestamp() ELSE t.finished_at END
     FROM unnest($1::uuid[], $2::int[]) AS u(id, n)
     WHERE t.id = ANY($1::uuid[]) AND t.id = u.id
     RETURNING t.id, t.status`;

const INSERT_TRANSITIONS = `INSERT INTO transitions (task_id, step_name, kind, from_state, to_state, reason, attempt, worker_id, actor, data)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::jsonb[])`;

const LOCK_TASK_OF_STEP = 'SELECT t.* FROM tasks t WHERE t.id = (SELECT task_id FROM steps WHERE id = $1) FOR UPDATE';

const LOCK_LEASED_STEP = `SELECT * FROM steps WHERE id = $1 AND lease_id = $2::uuid AND state = 'running'
       
     FOR UPDATE`;

const SET_TASK_STATUS = `UPDATE tasks SET status = $3,
       started_at = CASE WHEN $3 = 'running' THEN coalesce(started_at, clock_timestamp()) ELSE started_at END,
       finished_at = CASE WHEN $4 THEN clock_timestamp() ELSE NULL END,
       error = coalesce($5::jsonb, CASE WHEN $4 THEN error ELSE NULL END),
       remaining_steps = CASE WHEN $4 THEN 0 ELSE remaining_steps END
     WHERE id = $1 AND status = ANY($2::text[])`;

const MARK_STEP_RETRYING = `UPDATE steps SET state = 'ready', error = $2::jsonb, visible_at = clock_timestamp() + $3 * interval '1 millisecond',
       lease_expires_at = NULL, deadline_at = NULL, finished_at = NULL
     WHERE id = $1
     RETURNING (extract(epoch FROM clock_timestamp() - started_at) * 1000)::float8 AS duration_ms`;

interface LogRow {
  taskId: string;
  stepName?: string;
  from: string | null;
  to: string;
  reason?: string;
  attempt?: number;
  workerId?: string | null;
}

/** The old log writer: a transaction's rows, in one statement. */
async function insertTransitions(q: Queryable, rows: LogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(INSERT_TRANSITIONS, [
    rows.map((r) => r.taskId),
    rows.map((r) => r.stepName ?? null),
    rows.map(() => 'transition'),
    rows.map((r) => r.from),
    rows.map((r) => r.to),
    rows.map((r) => r.reason ?? null),
    rows.map((r) => r.attempt ?? null),
    rows.map((r) => r.workerId ?? null),
    rows.map(() => null),
    rows.map(() => null),
  ]);
}

/** A step of a submission, as the old submit path built it from a template. */
export interface OldStep {
  name: string;
  handler: string;
  dependsOn?: string[];
  maxAttempts?: number;
  retry?: object;
}

/** The old submission of one task of a template, without an idempotency key: its id, and whether it was created. */
export async function submitTaskAsPreviousRelease(
  db: Queryable,
  template: { id: number; namespace: string; name: string; version: string },
  steps: OldStep[],
  context: object,
): Promise<{ id: string; created: boolean }> {
  const id = randomUUID();
  const retry = { max_attempts: 3, backoff: 'fixed', base_ms: 0, max_ms: 0, jitter: false };
  const edges = steps.flatMap((s) => (s.dependsOn ?? []).map((from) => ({ from, to: s.name })));
  const { rows } = await db.query<{ fresh: boolean; created: string[] }>(INSERT_TASK_GRAPHS, [
    [id],
    [template.id],
    [template.namespace],
    [template.name],
    [template.version],
    [JSON.stringify(context)],
    [0],
    ['[]'],
    [null],
    ['stop'],
    [steps.length],
    [null],
    [null],
    steps.map(() => id),
    steps.map((s) => s.name),
    steps.map((s) => s.handler),
    steps.map(() => 'task'),
    steps.map((s) => s.dependsOn?.length ?? 0),
    steps.map((s) => s.maxAttempts ?? 3),
    steps.map((s) => JSON.stringify(s.retry ?? retry)),
    steps.map(() => null),
    steps.map(() => '{}'),
    steps.map(() => '{}'),
    steps.map(() => 0),
    steps.map(() => null),
    [],
    [],
    [],
    edges.map(() => id),
    edges.map((e) => e.from),
    edges.map((e) => e.to),
    [],
  ]);
  return { id, created: rows[0].created.includes(id) };
}

export interface OldClaim {
  id: number;
  task_id: string;
  name: string;
  lease_id: string;
  attempts: number;
}

export async function claimAsPreviousRelease(db: Queryable, req: { workerId: string; handlers: string[]; limit: number; leaseMs: number }): Promise<OldClaim[]> {
  const leaseIds = Array.from({ length: req.limit }, () => randomUUID());
  const { rows } = await db.query<OldClaim>(CLAIM_STEPS, [req.handlers, '{}', req.limit, req.leaseMs, req.workerId, leaseIds]);
  return rows;
}

/** The old heartbeat: the ids of the steps whose leases were extended. */
export async function heartbeatAsPreviousRelease(db: Queryable, leases: OldClaim[], leaseMs: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(EXTEND_LEASES, [leases.map((l) => l.id), leases.map((l) => l.lease_id), leaseMs]);
  return rows.map((r) => r.id);
}

/**
 * The old completion batch (core/complete-batch.ts `completeSteps`, plain
 * steps): lock the tasks, complete fenced by lease, log, release dependents,
 * settle and finalize the tasks. Returns the steps whose lease was current.
 */
export async function completeAsPreviousRelease(db: Db, done: { claim: OldClaim; output: object }[]): Promise<number[]> {
  return db.transaction(async (tx) => {
    const stepIds = done.map((d) => d.claim.id);
    const { rows: locked } = await tx.query<{ step_id: number; id: string; status: string }>(LOCK_TASKS_OF_STEPS, [stepIds]);
    const statusOf = new Map(locked.map((r) => [r.id, r.status]));
    const { rows: completed } = await tx.query<{ id: number; task_id: string; name: string; attempts: number; worker_id: string | null }>(MARK_STEPS_COMPLETE, [
      stepIds,
      done.map((d) => d.claim.lease_id),
      done.map((d) => JSON.stringify(d.output)),
    ]);
    const log: LogRow[] = [];
    const settled = new Map<string, number>();
    for (const task of new Set(completed.map((c) => c.task_id))) {
      if (statusOf.get(task) !== 'pending') continue;
      log.push({ taskId: task, from: 'pending', to: 'running', reason: 'first step claimed' });
      statusOf.set(task, 'running');
    }
    for (const c of completed) {
      log.push({ taskId: c.task_id, stepName: c.name, from: 'running', to: 'complete', attempt: c.attempts, workerId: c.worker_id });
      settled.set(c.task_id, (settled.get(c.task_id) ?? 0) + 1);
    }
    const { rows: released } = await tx.query<{ task_id: string; name: string; state: string }>(RELEASE_DEPENDENTS_OF_MANY, [completed.map((c) => c.id)]);
    for (const next of released) {
      if (next.state === 'ready') log.push({ taskId: next.task_id, stepName: next.name, from: 'pending', to: 'ready', reason: 'dependencies complete' });
    }
    const { rows: after } = await tx.query<{ id: string; status: string }>(SETTLE_MANY_TASKS, [[...settled.keys()], [...settled.values()]]);
    for (const t of after) {
      const before = statusOf.get(t.id)!;
      if (t.status === before || (before !== 'running' && before !== 'pending')) continue;
      log.push({ taskId: t.id, from: before, to: t.status });
    }
    await insertTransitions(tx, log);
    return completed.map((c) => c.id);
  });
}

/** The old failure of an attempt with attempts left (core/outcomes.ts `failStep`): back to ready after `delayMs`. */
export async function failForRetryAsPreviousRelease(db: Db, claim: OldClaim, message: string, delayMs: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows: tasks } = await tx.query<{ id: string; status: string }>(LOCK_TASK_OF_STEP, [claim.id]);
    const { rows: steps } = await tx.query<{ name: string; attempts: number; worker_id: string | null }>(LOCK_LEASED_STEP, [claim.id, claim.lease_id]);
    if (tasks.length === 0 || steps.length === 0) return false;
    const [task, step] = [tasks[0], steps[0]];
    const log: LogRow[] = [];
    if (task.status === 'pending' && (await tx.query(SET_TASK_STATUS, [task.id, ['pending'], 'running', false, null])).rowCount === 1) {
      log.push({ taskId: task.id, from: 'pending', to: 'running', reason: 'first step claimed' });
    }
    await tx.query(MARK_STEP_RETRYING, [claim.id, JSON.stringify({ message }), delayMs]);
    const base = { taskId: task.id, stepName: step.name, attempt: step.attempts, workerId: step.worker_id };
    log.push({ ...base, from: 'running', to: 'failed', reason: message }, { ...base, from: 'failed', to: 'ready', reason: `retry in ${delayMs} ms` });
    await insertTransitions(tx, log);
    return true;
  });
}
