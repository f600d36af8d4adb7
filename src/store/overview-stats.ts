/**
 * The dashboard overview's numbers (`GET /v1/stats`), computed from the
 * tables every process shares, so any server answers the same for the whole
 * cluster. Each read is bounded by what it covers, never by the history kept:
 * - steps that ended within the window, through `steps_finished_idx` (0014);
 * - the latency sample: at most `LATENCY_SAMPLE` of those, the latest;
 * - tasks that ended within the window, through `tasks_finished_idx`;
 * - the ready backlog, through the partial ready index;
 * - task counts by status, each counted up to a cap (`TASK_COUNT_CAP`).
 */
import type { BucketCount } from '../domain/stats-window.js';
import type { Queryable } from './db.js';

/** Most completed steps the latency percentiles are computed over (the latest in the window). */
export const LATENCY_SAMPLE = 10_000;

/** A status's task count stops at this: past it the answer says "at least" (`capped`). */
export const TASK_COUNT_CAP = 10_000;

/**
 * Steps that ended `complete` or `error` per bucket of `bucketMs` (buckets
 * aligned on multiples of it, in ms since the epoch), over the last `buckets`
 * buckets (the last one holding now) or from slot `fromSlot` on when that is
 * later, and the database clock (ms since the epoch) they were counted at.
 * Buckets in which no step ended are absent. Each outcome is one range of
 * `steps_finished_idx`; `statement_timestamp()` (not `clock_timestamp()`,
 * which is volatile) lets the planner use the bound as an index condition.
 */
export async function countFinishedSteps(db: Queryable, bucketMs: number, buckets: number, fromSlot: number | null): Promise<{ nowMs: number; counts: BucketCount[] }> {
  const { rows } = await db.query<{ now_ms: number; slot: number | null; completed: number; errors: number }>(
    `WITH clock AS (SELECT (extract(epoch FROM statement_timestamp()) * 1000)::float8 AS now_ms),
     since AS (
       SELECT to_timestamp(greatest(floor(now_ms / $1) - $2 + 1, coalesce($3::float8, '-Infinity')) * $1 / 1000.0) AS from_at FROM clock
     ),
     counted AS (
       SELECT date_bin($1 * interval '1 millisecond', s.finished_at, timestamptz 'epoch') AS bucket,
              count(*) FILTER (WHERE s.state = 'complete')::int AS completed,
              count(*) FILTER (WHERE s.state = 'error')::int AS errors
       -- One range per outcome: the index's predicate already implies \`state IN (...)\`, so the planner would not
       -- use such a condition as a bound, and would walk every finished step of the history.
       FROM (SELECT state, finished_at FROM steps WHERE state = 'complete' AND finished_at >= (SELECT from_at FROM since)
             UNION ALL
             SELECT state, finished_at FROM steps WHERE state = 'error' AND finished_at >= (SELECT from_at FROM since)) s
       GROUP BY 1
     )
     SELECT clock.now_ms, round(extract(epoch FROM counted.bucket) * 1000 / $1)::float8 AS slot,
            coalesce(counted.completed, 0) AS completed, coalesce(counted.errors, 0) AS errors
     FROM clock LEFT JOIN counted ON true`,
    [bucketMs, buckets, fromSlot],
  );
  return {
    nowMs: rows[0].now_ms,
    counts: rows.flatMap((r) => (r.slot === null ? [] : [{ slot: r.slot, completed: r.completed, errors: r.errors }])),
  };
}

/** Steps that ended `complete` within the last `ms` (the current rate's numerator). */
export async function countCompletedSince(db: Queryable, ms: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM steps
     WHERE state = 'complete' AND finished_at >= statement_timestamp() - $1 * interval '1 millisecond'`,
    [ms],
  );
  return rows[0].n;
}

/** Latency percentiles in ms, over `samples` completed steps; null when there were none. */
export interface LatencyPercentiles {
  samples: number;
  /** Ready to complete: from when the last attempt could be claimed (`visible_at`) to its completion. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Run time: from the last attempt's claim (`started_at`) to its completion. */
  runP50Ms: number | null;
  runP99Ms: number | null;
}

/**
 * p50 and p99 of the steps run by workers (a handler; not sleeps, waits or
 * child workflows) that completed within the last `windowMs`: the latest
 * `LATENCY_SAMPLE` of them, read backwards along `steps_finished_idx`.
 */
export async function readStepLatency(db: Queryable, windowMs: number): Promise<LatencyPercentiles> {
  const { rows } = await db.query<{ samples: number; p: (number | null)[] | null; run: (number | null)[] | null }>(
    `WITH sample AS (
       SELECT extract(epoch FROM finished_at - least(visible_at, started_at)) * 1000 AS total_ms,
              extract(epoch FROM finished_at - started_at) * 1000 AS run_ms
       FROM steps
       WHERE state = 'complete' AND handler <> '' AND started_at IS NOT NULL
         AND finished_at >= statement_timestamp() - $1 * interval '1 millisecond'
       ORDER BY finished_at DESC LIMIT $2
     )
     SELECT count(*)::int AS samples,
            percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY greatest(total_ms, 0))::float8[] AS p,
            percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY greatest(run_ms, 0))::float8[] AS run
     FROM sample`,
    [windowMs, LATENCY_SAMPLE],
  );
  const row = rows[0];
  return { samples: row.samples, p50Ms: row.p?.[0] ?? null, p99Ms: row.p?.[1] ?? null, runP50Ms: row.run?.[0] ?? null, runP99Ms: row.run?.[1] ?? null };
}

/** One template's failures within the window. */
export interface TemplateErrors {
  namespace: string;
  name: string;
  /** Steps that ended in `error` (attempts exhausted, or a permanent error). */
  stepErrors: number;
  /** Tasks that ended `error` or `timed_out`. */
  failedTasks: number;
}

/**
 * Failures within the last `windowMs` by template, most first: steps that
 * ended in `error` (`steps_finished_idx`, then each one's task by primary
 * key) and tasks that ended `error` or `timed_out` (`tasks_finished_idx`).
 */
export async function countErrorsByTemplate(db: Queryable, windowMs: number, limit: number): Promise<TemplateErrors[]> {
  const { rows } = await db.query<{ namespace: string; name: string; step_errors: number; failed_tasks: number }>(
    `WITH since AS (SELECT statement_timestamp() - $1 * interval '1 millisecond' AS from_at),
     step_errors AS (
       SELECT t.namespace, t.name, count(*)::int AS n
       FROM steps s JOIN tasks t ON t.id = s.task_id, since
       WHERE s.state = 'error' AND s.finished_at >= since.from_at
       GROUP BY 1, 2
     ),
     task_errors AS (
       SELECT t.namespace, t.name, count(*)::int AS n
       FROM tasks t, since
       WHERE t.finished_at IS NOT NULL AND t.finished_at >= since.from_at AND t.status IN ('error', 'timed_out')
       GROUP BY 1, 2
     )
     SELECT coalesce(s.namespace, t.namespace) AS namespace, coalesce(s.name, t.name) AS name,
            coalesce(s.n, 0) AS step_errors, coalesce(t.n, 0) AS failed_tasks
     FROM step_errors s FULL JOIN task_errors t ON t.namespace = s.namespace AND t.name = s.name
     ORDER BY coalesce(t.n, 0) + coalesce(s.n, 0) DESC, 1, 2
     LIMIT $2`,
    [windowMs, limit],
  );
  return rows.map((r) => ({ namespace: r.namespace, name: r.name, stepErrors: r.step_errors, failedTasks: r.failed_tasks }));
}

/** Tasks in one status: exact up to `TASK_COUNT_CAP`, else `capped` (at least the cap). */
export interface StatusCount {
  status: string;
  count: number;
  capped: boolean;
}

/**
 * How many tasks are in each of `statuses`, up to `cap`. Each status reads at most
 * `cap + 1` entries of `tasks_status_created_idx`, so a table of
 * millions of finished tasks costs no more than one of ten thousand.
 */
export async function countTasksByStatus(db: Queryable, statuses: readonly string[], cap = TASK_COUNT_CAP): Promise<StatusCount[]> {
  const { rows } = await db.query<{ status: string; n: number }>(
    // The ORDER BY holds the plan to that index (a seq scan "until the limit" would read every row of a rare status).
    `SELECT s.status, (SELECT count(*)::int FROM (SELECT 1 FROM tasks t WHERE t.status = s.status ORDER BY t.created_at DESC, t.id DESC LIMIT $2) c) AS n
     FROM unnest($1::text[]) WITH ORDINALITY AS s(status, i) ORDER BY s.i`,
    [statuses, cap + 1],
  );
  return rows.map((r) => ({ status: r.status, count: Math.min(r.n, cap), capped: r.n > cap }));
}
