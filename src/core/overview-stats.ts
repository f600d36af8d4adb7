/**
 * `GET /v1/stats`: throughput, the ready backlog, step latency, errors by
 * template and task counts by status, read from the database so that every
 * process sharing it answers for the whole cluster.
 *
 * Throughput counts every step that ended in the window, which grows with the
 * load rather than with the history; to keep a dashboard that polls every few
 * seconds cheap, each process keeps the counts of settled buckets (ended more
 * than a bucket ago: no step still commits into them) and counts only the two
 * newest buckets on later calls. The first call after a start counts the whole
 * window once.
 */
import { DEFAULT_STATS_WINDOW, STATS_BUCKETS, mergeThroughput, statsWindowSpan, type SettledBuckets, type StatsWindow, type ThroughputBucket } from '../domain/stats-window.js';
import { TaskStatuses } from '../domain/types.js';
import type { Queryable } from '../store/db.js';
import { LATENCY_SAMPLE, TASK_COUNT_CAP, countCompletedSince, countErrorsByTemplate, countFinishedSteps, countTasksByStatus, readStepLatency } from '../store/overview-stats.js';
import { readReadyBacklog, readReadyBacklogByHandler } from '../store/stats.js';

/** Handlers listed by name in the backlog; the rest are summed as `other`. */
export const BACKLOG_TOP_HANDLERS = 10;
/** Templates listed in `errors_by_template`, most errors first. */
export const ERROR_TEMPLATES_LIMIT = 20;
/** The span of `current_per_second`. */
const CURRENT_RATE_MS = 60_000;

/** The answer of `GET /v1/stats` (docs/operations.md, "Overview statistics"). */
export interface StatsView {
  window: StatsWindow;
  window_seconds: number;
  /** The database's clock when the numbers were read. */
  now: string;
  throughput: {
    bucket_seconds: number;
    /** Oldest first; the last bucket is the current one, still filling. */
    buckets: { start: string; completed: number; errors: number }[];
    /** Steps that ended `complete` / `error` in the window's buckets. */
    completed: number;
    errors: number;
    /** `completed` over the window's length. */
    per_second: number;
    /** Steps completed in the last 60 s, per second. */
    current_per_second: number;
  };
  ready: {
    /** Ready steps visible now. */
    total: number;
    oldest_age_ms: number;
    /** The handlers with the most ready steps, most first. */
    by_handler: { handler: string; count: number }[];
    /** Ready steps of the handlers not listed. */
    other: number;
  };
  latency: {
    /** Completed worker steps measured: the latest in the window, at most `sample_limit`. */
    samples: number;
    sample_limit: number;
    /** Ready to complete (the last attempt's `visible_at` to `finished_at`), ms; null with no sample. */
    p50_ms: number | null;
    p99_ms: number | null;
    /** Run time (the last attempt's claim to its completion), ms. */
    run_p50_ms: number | null;
    run_p99_ms: number | null;
  };
  errors_by_template: { namespace: string; name: string; step_errors: number; failed_tasks: number }[];
  /** Every task status, in the domain's order; a count at `task_count_cap` with `capped` means "at least". */
  tasks_by_status: { status: string; count: number; capped: boolean }[];
  task_count_cap: number;
}

export interface StatsReader {
  read(window?: StatsWindow): Promise<StatsView>;
}

/** A reader over `db` with its own cache of settled throughput buckets (one per process is enough). */
export function createStatsReader(db: Queryable): StatsReader {
  const settled = new Map<number, SettledBuckets>();

  async function throughput(bucketMs: number): Promise<{ nowMs: number; series: ThroughputBucket[] }> {
    const cached = settled.get(bucketMs);
    // Without a cache, the query counts from the window's first bucket on its own clock.
    const { nowMs, counts } = await countFinishedSteps(db, bucketMs, STATS_BUCKETS, cached?.through ?? null);
    const merged = mergeThroughput(cached, counts, nowMs, bucketMs);
    settled.set(bucketMs, merged.settled);
    return { nowMs, series: merged.series };
  }

  return {
    async read(window = DEFAULT_STATS_WINDOW) {
      const { windowMs, bucketMs } = statsWindowSpan(window);
      // One statement at a time: PGlite is one connection, and a request holds at most one of a pool.
      const { nowMs, series } = await throughput(bucketMs);
      const current = await countCompletedSince(db, CURRENT_RATE_MS);
      const backlog = await readReadyBacklog(db);
      const byHandler = (await readReadyBacklogByHandler(db)).sort((a, b) => b.count - a.count || a.handler.localeCompare(b.handler));
      const latency = await readStepLatency(db, windowMs);
      const errors = await countErrorsByTemplate(db, windowMs, ERROR_TEMPLATES_LIMIT);
      const statuses = await countTasksByStatus(db, Object.values(TaskStatuses));
      const top = byHandler.slice(0, BACKLOG_TOP_HANDLERS);
      const completed = series.reduce((n, b) => n + b.completed, 0);
      return {
        window,
        window_seconds: windowMs / 1000,
        now: new Date(nowMs).toISOString(),
        throughput: {
          bucket_seconds: bucketMs / 1000,
          buckets: series.map((b) => ({ start: new Date(b.startMs).toISOString(), completed: b.completed, errors: b.errors })),
          completed,
          errors: series.reduce((n, b) => n + b.errors, 0),
          per_second: completed / (windowMs / 1000),
          current_per_second: current / (CURRENT_RATE_MS / 1000),
        },
        ready: {
          total: backlog.count,
          oldest_age_ms: backlog.oldestAgeMs,
          by_handler: top,
          other: byHandler.slice(BACKLOG_TOP_HANDLERS).reduce((n, h) => n + h.count, 0),
        },
        latency: {
          samples: latency.samples,
          sample_limit: LATENCY_SAMPLE,
          p50_ms: latency.p50Ms,
          p99_ms: latency.p99Ms,
          run_p50_ms: latency.runP50Ms,
          run_p99_ms: latency.runP99Ms,
        },
        errors_by_template: errors.map((e) => ({ namespace: e.namespace, name: e.name, step_errors: e.stepErrors, failed_tasks: e.failedTasks })),
        tasks_by_status: statuses,
        task_count_cap: TASK_COUNT_CAP,
      };
    },
  };
}
