import type { Queryable } from './db.js';
import { rateLimitColumns, stepColumns, type NewStep } from './steps.js';
import type { NewTask } from './tasks.js';

/** A template picked as "latest" from a cache: the statement checks it still is. */
export interface LatestTemplateGuard {
  templateId: number;
  namespace: string;
  name: string;
}

export interface TaskGraphs {
  tasks: NewTask[];
  steps: NewStep[];
  /** Dependencies by step name within a task. */
  edges: { taskId: string; from: string; to: string }[];
  latest: LatestTemplateGuard[];
  /** Channels to NOTIFY (ids only, never payloads) if any task is created. */
  notify: string[];
}

/**
 * Creates tasks with their steps, edges and `submitted` log rows in one
 * statement, so a submission costs one round trip and one commit. Tasks whose
 * idempotency key exists are left out (ON CONFLICT waits for a concurrent
 * insert of the same key, then skips); the caller compares them with the
 * task that holds the key. `fresh` is false, and nothing is
 * written, when a cached "latest" template is no longer the latest.
 */
export async function insertTaskGraphs(db: Queryable, g: TaskGraphs): Promise<{ fresh: boolean; created: Set<string> }> {
  const { tasks, steps, edges, latest } = g;
  const { rows } = await db.query<{ fresh: boolean; created: string[] }>(
    `WITH guard AS (
       SELECT coalesce(bool_and(g.id = (SELECT l.id FROM templates l WHERE l.namespace = g.ns AND l.name = g.name
                                        ORDER BY l.created_at DESC, l.id DESC LIMIT 1)), true) AS ok
       FROM unnest($26::bigint[], $27::text[], $28::text[]) AS g(id, ns, name)
     ), t AS (
       INSERT INTO tasks (id, template_id, namespace, name, version, status, context, priority, tags,
                          idempotency_key, on_failure, remaining_steps, run_at, deadline_at, correlation_id,
                          parent_task_id, parent_step, depth, traceparent)
       SELECT u.id, u.template_id, u.namespace, u.name, u.version, 'pending', u.context, u.priority,
              ARRAY(SELECT jsonb_array_elements_text(u.tags)), u.idem, u.on_failure, u.steps, u.run_at,
              CASE WHEN u.timeout_s IS NULL THEN NULL
                   ELSE greatest(now(), coalesce(u.run_at, now())) + u.timeout_s * interval '1 second' END,
              coalesce(u.correlation_id, u.id::text), u.parent_task_id, u.parent_step, u.depth, u.traceparent
       FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::int[], $8::jsonb[],
                   $9::text[], $10::text[], $11::int[], $12::timestamptz[], $13::float8[], $33::text[],
                   $34::uuid[], $35::text[], $36::int[], $42::text[])
            AS u(id, template_id, namespace, name, version, context, priority, tags, idem, on_failure, steps, run_at, timeout_s, correlation_id,
                 parent_task_id, parent_step, depth, traceparent)
       WHERE (SELECT ok FROM guard)
       -- The predicate also infers a partial unique index on the key: a later release may replace the unique
       -- constraint with one (most tasks carry no key; see docs/performance.md), and this statement runs on both.
       ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id, idempotency_key
     ), s AS (
       INSERT INTO steps (task_id, name, handler, kind, state, pending_deps, dep_count, max_attempts, retry, timeout_ms,
                          params, labels, priority, visible_at, concurrency_key, concurrency_limit, rate_limit_name, rate_limit_key, rate_units)
       SELECT u.task_id, u.name, u.handler, u.kind, CASE WHEN u.deps = 0 THEN 'ready' ELSE 'pending' END,
              u.deps, u.deps, u.max_attempts, u.retry, u.timeout_ms, u.params, u.labels, u.priority,
              coalesce(u.visible_at, now()), u.ckey, u.climit, u.rname, u.rkey, u.runits
       FROM unnest($14::uuid[], $15::text[], $16::text[], $17::text[], $18::int[], $19::int[], $20::jsonb[], $21::int[],
                   $22::jsonb[], $23::jsonb[], $24::int[], $25::timestamptz[], $37::text[], $38::int[], $39::text[], $40::text[], $41::int[])
            AS u(task_id, name, handler, kind, deps, max_attempts, retry, timeout_ms, params, labels, priority, visible_at, ckey, climit,
                 rname, rkey, runits)
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
            -- Only the keyed ones: a task without a key cannot conflict, so it was created when the guard held
            -- (parsing 5,000 returned ids was a tenth of a bulk submit's client time).
            coalesce((SELECT array_agg(id) FROM t WHERE idempotency_key IS NOT NULL), '{}') AS created,
            (SELECT count(pg_notify(c, '')) FROM unnest($32::text[]) AS c WHERE EXISTS (SELECT 1 FROM t)) AS notified`,
    [
      tasks.map((t) => t.id),
      tasks.map((t) => t.templateId),
      tasks.map((t) => t.namespace),
      tasks.map((t) => t.name),
      tasks.map((t) => t.version),
      tasks.map((t) => JSON.stringify(t.context)),
      tasks.map((t) => t.priority),
      tasks.map((t) => JSON.stringify(t.tags)),
      tasks.map((t) => t.idempotencyKey),
      tasks.map((t) => t.onFailure),
      tasks.map((t) => t.stepCount),
      tasks.map((t) => t.runAt),
      tasks.map((t) => t.timeoutSeconds),
      ...stepColumns(steps),
      latest.map((l) => l.templateId),
      latest.map((l) => l.namespace),
      latest.map((l) => l.name),
      edges.map((e) => e.taskId),
      edges.map((e) => e.from),
      edges.map((e) => e.to),
      g.notify,
      tasks.map((t) => t.correlationId),
      tasks.map((t) => t.parentTaskId ?? null),
      tasks.map((t) => t.parentStep ?? null),
      tasks.map((t) => t.depth ?? 0),
      steps.map((s) => s.concurrencyKey ?? null),
      steps.map((s) => s.concurrencyLimit ?? null),
      ...rateLimitColumns(steps),
      tasks.map((t) => t.traceparent ?? null),
    ],
    // A fixed-shape statement run per submission: parsed and planned once per connection.
    { prepare: true },
  );
  const created = new Set(rows[0].created);
  if (rows[0].fresh) for (const t of tasks) if (t.idempotencyKey === null) created.add(t.id);
  return { fresh: rows[0].fresh, created };
}
