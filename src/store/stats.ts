/**
 * Cheap aggregate reads for health, admission control and metrics. Each reads
 * only a partial index (`steps_ready_handler_idx`: the ready backlog, not the history)
 * or the small workers table, so probes and scrapes cost the same however
 * many finished tasks are kept.
 */
import type { Queryable } from './db.js';

export interface ReadyBacklog {
  /** Ready steps visible now (claimable, backoff over, `run_at` reached). */
  count: number;
  /** Milliseconds the oldest of them has waited, on the database clock; 0 when none. */
  oldestAgeMs: number;
}

/** A round trip to the database (`SELECT 1`): the readiness probe's first check. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

/** The ready backlog and its oldest step's age, in one statement over the partial ready index. */
export async function readReadyBacklog(db: Queryable): Promise<ReadyBacklog> {
  const { rows } = await db.query<{ count: number; oldest_ms: number | null }>(
    `SELECT count(*)::int AS count,
            (extract(epoch FROM clock_timestamp() - min(visible_at)) * 1000)::float8 AS oldest_ms
     FROM steps WHERE state = 'ready' AND visible_at <= clock_timestamp()`,
  );
  return { count: rows[0]?.count ?? 0, oldestAgeMs: Math.max(0, rows[0]?.oldest_ms ?? 0) };
}

/** Visible ready steps by handler (the `baton_ready_backlog` gauge). */
export async function readReadyBacklogByHandler(db: Queryable): Promise<{ handler: string; count: number }[]> {
  const { rows } = await db.query<{ handler: string; count: number }>(
    `SELECT handler, count(*)::int AS count FROM steps
     WHERE state = 'ready' AND visible_at <= clock_timestamp()
     GROUP BY handler ORDER BY handler`,
  );
  return rows;
}

/** Workers by state (`active`, `draining`, `lost`, `stopped`), from the workers table. */
export async function countWorkersByState(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ state: string; count: number }>('SELECT state, count(*)::int AS count FROM workers GROUP BY state');
  return Object.fromEntries(rows.map((r) => [r.state, r.count]));
}

/** Waiting steps by what they wait for (`sleep`, `signal`, `event`), for the `baton_waiting_steps` gauge; reads the partial index of waiting steps. */
export async function countWaitingSteps(db: Queryable): Promise<{ for: string; count: number }[]> {
  const { rows } = await db.query<{ for: string; count: number }>(
    `SELECT coalesce(split_part(wait_for, ':', 1), 'sleep') AS for, count(*)::int AS count FROM steps WHERE state = 'waiting' GROUP BY 1 ORDER BY 1`,
  );
  return rows;
}

/** Per named rate limit: units started within its current window (all keys), and ready steps waiting on it (the rate-limit gauges). */
export async function readRateLimitUse(db: Queryable): Promise<{ name: string; used: number; delayed: number }[]> {
  const { rows } = await db.query<{ name: string; used: number; delayed: number }>(
    `SELECT l.name,
            coalesce((SELECT sum((SELECT count(*) FROM unnest(w.starts) t WHERE t > clock_timestamp() - l.per_ms * interval '1 millisecond'))
                      FROM rate_windows w WHERE w.name = l.name), 0)::int AS used,
            (SELECT count(*) FROM steps s WHERE s.state = 'ready' AND s.rate_limit_name = l.name AND s.visible_at <= clock_timestamp())::int AS delayed
     FROM rate_limits l ORDER BY l.name`,
  );
  return rows;
}
